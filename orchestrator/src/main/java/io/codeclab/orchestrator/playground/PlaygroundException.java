package io.codeclab.orchestrator.playground;

/** A playground request that cannot be run as sent: the HTTP status to answer and what to change. */
public final class PlaygroundException extends RuntimeException {

    private final int status;

    public PlaygroundException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
