package io.codeclab.orchestrator.experiment;

/** A conditional write lost: the experiment was not in the state the caller expected (or does not exist). */
public class ExperimentConflictException extends ExperimentStoreException {
    public ExperimentConflictException(String message) {
        super(message);
    }

    public ExperimentConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
