package io.codeclab.orchestrator.experiment;

/** An adoption did not happen: another experiment took the version first, or this one was no longer SCORED. */
public class AdoptionConflictException extends ExperimentConflictException {
    public AdoptionConflictException(String message) {
        super(message);
    }

    public AdoptionConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
