package io.codeclab.orchestrator.execlog;

/** A file given to {@code analyze-logs import} is not what {@code analyze-logs export} writes. */
public final class LogImportException extends ExecutionLogException {
    public LogImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
