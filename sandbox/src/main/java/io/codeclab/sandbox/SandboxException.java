package io.codeclab.sandbox;

/** Root of the sandbox module's exceptions: the sandbox itself, never the program it runs, failed. */
public class SandboxException extends RuntimeException {
    public SandboxException(String message) {
        super(message);
    }

    public SandboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
