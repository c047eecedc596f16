package io.codeclab.sandbox;

import io.codeclab.sandbox.bwrap.BubblewrapSandbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Static factories for {@link Sandbox} backends. */
public final class Sandboxes {

    private static final Logger LOG = LoggerFactory.getLogger(Sandboxes.class);

    private Sandboxes() {
    }

    /**
     * Creates the backend the configuration asks for; {@code AUTO} takes Docker when an engine answers
     * and the runner image exists, bubblewrap otherwise.
     *
     * @throws SandboxLaunchException when the chosen backend cannot run here, with the fix in its message
     */
    public static Sandbox create(SandboxConfig config) {
        switch (config.backend()) {
            case BWRAP:
                return bubblewrap();
            case DOCKER:
                throw new SandboxLaunchException("the docker backend is not built yet; use bwrap");
            case AUTO:
            default:
                LOG.info("sandbox backend: bwrap (docker backend not built yet)");
                return bubblewrap();
        }
    }

    /**
     * The bubblewrap backend (needs root, bwrap, util-linux and cgroups), working files under
     * /run/codec-lab-sandbox.
     */
    public static Sandbox bubblewrap() {
        return BubblewrapSandbox.create();
    }
}
