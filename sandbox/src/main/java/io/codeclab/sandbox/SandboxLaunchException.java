package io.codeclab.sandbox;

/** A sandbox backend could not be created (no engine, no image, no bwrap, no cgroups). The message says how to fix it. */
public class SandboxLaunchException extends SandboxException {
    public SandboxLaunchException(String message) {
        super(message);
    }

    public SandboxLaunchException(String message, Throwable cause) {
        super(message, cause);
    }
}
