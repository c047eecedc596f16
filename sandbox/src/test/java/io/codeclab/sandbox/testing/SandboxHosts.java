package io.codeclab.sandbox.testing;

import io.codeclab.sandbox.SandboxConfig;
import io.codeclab.sandbox.docker.DockerSandbox;
import io.codeclab.testing.Preconditions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a test needs from its host to run a sandbox backend (a Docker engine with the runner image, bubblewrap
 * as root), with the fix in each reason. Missing means skipped, or failed under {@code CODEC_LAB_REQUIRE_*}
 * ({@link Preconditions}), so CI cannot go green by skipping.
 */
public final class SandboxHosts {

    private static final Path BWRAP = Path.of("/usr/bin/bwrap");

    private SandboxHosts() {
    }

    /** Skips (or, under {@code CODEC_LAB_REQUIRE_DOCKER=1}, fails) unless an engine answers and has the runner image. */
    public static void requireDocker() {
        var missing = dockerUnavailableReason();
        Preconditions.docker(missing.isEmpty(), missing::orElseThrow);
    }

    /** Skips (or, under {@code CODEC_LAB_REQUIRE_BWRAP=1}, fails) unless the bwrap backend can run here. */
    public static void requireBwrap() {
        var missing = bwrapUnavailableReason();
        Preconditions.bwrap(missing.isEmpty(), missing::orElseThrow);
    }

    /** Why the Docker backend cannot run here (with what to do), or empty. */
    public static Optional<String> dockerUnavailableReason() {
        return DockerSandbox.unavailableReason(SandboxConfig.ofDefaults().image())
                .map(reason -> reason + " (run scripts/start-docker-engine and scripts/build-runner-image)");
    }

    /** Why the bwrap backend cannot run here (with what to do), or empty. */
    public static Optional<String> bwrapUnavailableReason() {
        if (!isRoot()) {
            return Optional.of("the bwrap sandbox needs root; run the integration tests as root");
        }
        if (!Files.isExecutable(BWRAP)) {
            return Optional.of("bubblewrap is not installed (apt-get install -y bubblewrap)");
        }
        return Optional.empty();
    }

    private static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the owner of /proc/self", e);
        }
    }
}
