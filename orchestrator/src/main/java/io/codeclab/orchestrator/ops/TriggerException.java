package io.codeclab.orchestrator.ops;

/** SSM refused or could not take a trigger (unknown instance or document, no permission, no endpoint); the message says what to fix. */
public class TriggerException extends RuntimeException {

    public TriggerException(String message, Throwable cause) {
        super(message, cause);
    }
}
