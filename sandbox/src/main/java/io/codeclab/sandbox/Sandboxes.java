package io.codeclab.sandbox;

/** Static factories for {@link Sandbox} backends. */
public final class Sandboxes {

    private Sandboxes() {
    }

    /**
     * Creates the backend the configuration asks for; {@code AUTO} takes Docker when an engine answers
     * and the runner image exists, bubblewrap otherwise.
     *
     * @throws SandboxLaunchException when the chosen backend cannot run here, with the fix in its message
     */
    public static Sandbox create(SandboxConfig config) {
        throw new SandboxLaunchException("no sandbox backend is built yet");
    }
}
