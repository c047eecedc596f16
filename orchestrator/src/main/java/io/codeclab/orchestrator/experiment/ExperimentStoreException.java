package io.codeclab.orchestrator.experiment;

/** Root of the experiment store's exceptions: the store could not do what was asked. */
public class ExperimentStoreException extends RuntimeException {
    public ExperimentStoreException(String message) {
        super(message);
    }

    public ExperimentStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
