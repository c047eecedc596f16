package io.codeclab.sandbox.testing;

import io.codeclab.sandbox.SandboxConfig;
import io.codeclab.sandbox.docker.DockerSandbox;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a test needs from its host (a Docker engine with the runner image, bubblewrap as root), checked in
 * one place. Where the need is not met the test is skipped with the reason, unless the matching
 * {@code CODEC_LAB_REQUIRE_*} variable is {@code 1} (as {@code scripts/test} sets them): then it fails, so
 * CI cannot go green by skipping.
 */
public final class Preconditions {

    /** {@code 1}: a test needing Docker fails instead of skipping when no engine answers or the image is missing. */
    public static final String REQUIRE_DOCKER = "CODEC_LAB_REQUIRE_DOCKER";
    /** {@code 1}: a test needing the bwrap backend fails instead of skipping when it cannot run here. */
    public static final String REQUIRE_BWRAP = "CODEC_LAB_REQUIRE_BWRAP";

    private static final Path BWRAP = Path.of("/usr/bin/bwrap");

    private Preconditions() {
    }

    /** Skips (or, under {@link #REQUIRE_DOCKER}, fails) unless an engine answers and has the configured runner image. */
    public static void requireDocker() {
        require(REQUIRE_DOCKER, dockerUnavailableReason());
    }

    /** Skips (or, under {@link #REQUIRE_BWRAP}, fails) unless the bwrap backend can run here (root, bubblewrap). */
    public static void requireBwrap() {
        require(REQUIRE_BWRAP, bwrapUnavailableReason());
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

    /**
     * Skips the running test (or class, from {@code @BeforeAll}) with {@code missing}'s reason, or fails it
     * when {@code variable} is {@code 1} in the environment; does nothing when nothing is missing.
     */
    public static void require(String variable, Optional<String> missing) {
        require(variable, System.getenv(variable), missing);
    }

    /** {@link #require(String, Optional)} with the variable's value given: testable without a changed environment. */
    static void require(String variable, String value, Optional<String> missing) {
        if (missing.isEmpty()) {
            return;
        }
        if (requires(value)) {
            Assertions.fail(missing.get() + " (" + variable + "=1: this must run here, so it fails instead of skipping)");
        }
        Assumptions.abort("skipped: " + missing.get() + " (set " + variable + "=1 to make this a failure)");
    }

    /** Whether the variable is set to require the environment: {@code 1} or {@code true}. */
    public static boolean isRequired(String variable) {
        return requires(System.getenv(variable));
    }

    private static boolean requires(String value) {
        return value != null && (value.strip().equals("1") || value.strip().equalsIgnoreCase("true"));
    }

    private static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read the owner of /proc/self", e);
        }
    }
}
