package io.codeclab.orchestrator.embedded;

/** An embedded service could not start, stop, or be joined; the message says which and where. */
public class EmbeddedServiceException extends RuntimeException {
    public EmbeddedServiceException(String message) {
        super(message);
    }

    public EmbeddedServiceException(String message, Throwable cause) {
        super(message, cause);
    }
}
