package io.codeclab.orchestrator.experiment;

import io.codeclab.eval.harness.EvaluationFailure;
import java.util.Objects;

/**
 * Why an experiment failed: the stage (policy, smoke, search, adoption, propose, store...), a kind
 * (a policy rule, a sandbox status, a check name, an exception class), a one-line message and the tail of
 * a traceback when there is one (empty otherwise). An evaluation's {@link EvaluationFailure} becomes one
 * through {@link #from}, the only mapping between the two.
 */
public record Failure(String stage, String kind, String message, String tracebackTail) {
    public Failure {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        tracebackTail = tracebackTail == null ? "" : tracebackTail;
    }

    /** The stored form of an evaluation's failure: the same four fields. */
    public static Failure from(EvaluationFailure failure) {
        return new Failure(failure.stage(), failure.kind(), failure.message(), failure.tracebackTail());
    }
}
