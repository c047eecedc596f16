package io.codeclab.orchestrator.clip;

/** A clip is missing, unreadable or not a supported Y4M file; the message says which and how to fix it. */
public class ClipException extends RuntimeException {
    public ClipException(String message) {
        super(message);
    }

    public ClipException(String message, Throwable cause) {
        super(message, cause);
    }
}
