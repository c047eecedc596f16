package io.codeclab.orchestrator.experiment;

import java.util.Objects;

/**
 * Why an experiment failed: the stage (policy, smoke, search, adoption, propose, store...), a kind
 * (a policy rule, a sandbox status, a check name, an exception class), a one-line message and the tail of
 * a traceback when there is one (empty otherwise).
 */
public record Failure(String stage, String kind, String message, String tracebackTail) {
    public Failure {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        tracebackTail = tracebackTail == null ? "" : tracebackTail;
    }
}
