package io.codeclab.eval.harness;

import java.util.Objects;

/**
 * Why a codec program failed a stage: the stage ({@code policy}, {@code smoke}, {@code search},
 * {@code adoption}), a kind ({@link FailureKind}, a sandbox status, or a policy rule), a one-line message a
 * model can act on, and the tail of the program's traceback (empty when there is none).
 */
public record EvaluationFailure(String stage, String kind, String message, String tracebackTail) {
    public EvaluationFailure {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        tracebackTail = tracebackTail == null ? "" : tracebackTail;
    }
}
