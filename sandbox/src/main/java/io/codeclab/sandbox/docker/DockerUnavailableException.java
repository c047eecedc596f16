package io.codeclab.sandbox.docker;

import io.codeclab.sandbox.SandboxLaunchException;

/**
 * No Docker engine answers, or it lacks the runner image: the Docker backend cannot be created here, and
 * {@code AUTO} takes bubblewrap instead. Other launch failures of an engine that answers are plain
 * {@link SandboxLaunchException}s.
 */
public final class DockerUnavailableException extends SandboxLaunchException {

    private final String reason;

    /**
     * @param what   what is missing ("no Docker engine answers at ...")
     * @param fix    how to fix it, for the exception's message
     * @param detail what the engine said, kept in {@link #reason()} (may be empty)
     */
    DockerUnavailableException(String what, String fix, String detail, Throwable cause) {
        super(what + "; " + fix, cause);
        this.reason = what + detail;
    }

    /** What is missing, without the fix: for logs that say why another backend was chosen. */
    public String reason() {
        return reason;
    }
}
