package io.codeclab.orchestrator.experiment;

/**
 * A write by a lease holder was refused because the lease is no longer its own: it expired (by the writer's
 * clock, less {@link ExperimentStore#CLOCK_SKEW_MARGIN}), or a sweep abandoned the experiment. The writer must
 * not move the experiment on; the runner ends it ABANDONED with this message.
 */
public class LeaseLostException extends ExperimentConflictException {
    public LeaseLostException(String message) {
        super(message);
    }

    public LeaseLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
