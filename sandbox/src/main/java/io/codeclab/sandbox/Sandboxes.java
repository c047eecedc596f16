package io.codeclab.sandbox;

import com.github.dockerjava.api.DockerClient;
import io.codeclab.sandbox.bwrap.BubblewrapSandbox;
import io.codeclab.sandbox.docker.DockerSandbox;
import io.codeclab.sandbox.docker.DockerUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Static factories for {@link Sandbox} backends. */
public final class Sandboxes {

    private static final Logger LOG = LoggerFactory.getLogger(Sandboxes.class);

    private Sandboxes() {
    }

    /**
     * Creates the backend the configuration asks for; {@code AUTO} takes Docker when an engine answers
     * and the runner image exists, bubblewrap otherwise (and logs which, and why).
     *
     * @throws SandboxLaunchException when the chosen backend cannot run here, with the fix in its message
     */
    public static Sandbox create(SandboxConfig config) {
        switch (config.backend()) {
            case BWRAP:
                return bubblewrap();
            case DOCKER:
                return docker(config);
            case AUTO:
            default:
                // One probe: creating the Docker backend is the check that it can run here.
                try {
                    Sandbox docker = docker(config);
                    LOG.info("sandbox backend: docker (engine answers, image {} exists)", config.image());
                    return docker;
                } catch (DockerUnavailableException e) {
                    LOG.info("sandbox backend: bwrap, because {}", e.reason());
                    return bubblewrap();
                }
        }
    }

    /**
     * The bubblewrap backend (needs root, bwrap, util-linux and cgroups), working files under
     * /run/codec-lab-sandbox.
     *
     * @throws SandboxLaunchException when it cannot run here, with the fix in its message
     */
    public static Sandbox bubblewrap() {
        return BubblewrapSandbox.create();
    }

    /**
     * The Docker backend on the engine at {@code DOCKER_HOST} (default unix:///var/run/docker.sock) with
     * the configured runner image.
     *
     * @throws SandboxLaunchException when no engine answers or the image is missing, with the fix in its message
     */
    public static Sandbox docker(SandboxConfig config) {
        return DockerSandbox.create(config.image());
    }

    /** The Docker backend on a client you built; the sandbox closes it. */
    public static Sandbox docker(SandboxConfig config, DockerClient client) {
        return DockerSandbox.create(client, config.image());
    }
}
