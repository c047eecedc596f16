package io.codeclab.eval.harness;

import io.codeclab.testing.Preconditions;
import io.codeclab.sandbox.Sandbox;
import io.codeclab.sandbox.SandboxBackend;
import io.codeclab.sandbox.SandboxConfig;
import io.codeclab.sandbox.Sandboxes;
import io.codeclab.sandbox.docker.DockerSandbox;

/**
 * The same cheating candidates against the Docker backend (SPEC §4: same classification, same tests for both
 * backends). Skipped, with the reason, where no engine answers or the runner image is missing; a failure
 * instead under CODEC_LAB_REQUIRE_DOCKER=1.
 */
class DockerClipEvaluatorCheatIT extends ClipEvaluatorCheatIT {

    @Override
    Sandbox openSandbox() {
        var config = SandboxConfig.custom().backend(SandboxBackend.DOCKER).build();
        var missing = DockerSandbox.unavailableReason(config.image());
        Preconditions.docker(missing.isEmpty(), () -> "Docker backend not available: " + missing.orElse(""));
        return Sandboxes.create(config);
    }
}
