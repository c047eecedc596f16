package io.codeclab.orchestrator.execlog;

/** The execution log could not be read or imported; the message says what and how to go on. */
public class ExecutionLogException extends RuntimeException {
    public ExecutionLogException(String message, Throwable cause) {
        super(message, cause);
    }
}
