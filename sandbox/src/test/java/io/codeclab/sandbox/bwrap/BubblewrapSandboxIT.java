package io.codeclab.sandbox.bwrap;

import io.codeclab.sandbox.Sandbox;
import io.codeclab.sandbox.SandboxContractIT;
import io.codeclab.sandbox.testing.SandboxHosts;
import io.codeclab.testing.Preconditions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class BubblewrapSandboxIT extends SandboxContractIT {

    @Override
    protected Sandbox createSandbox() {
        return BubblewrapSandbox.create();
    }

    /** The bwrap backend needs root and the bubblewrap package; without them the suite cannot run. */
    @Override
    protected Optional<String> unavailableReason() {
        return SandboxHosts.bwrapUnavailableReason();
    }

    @Override
    protected String requirementVariable() {
        return Preconditions.REQUIRE_BWRAP;
    }

    @Override
    protected String expectedBackend() {
        return "bwrap";
    }

    @Override
    protected void assertNothingOfOursLeft() {
        String ours = "run-" + ProcessHandle.current().pid() + "-";
        try (Stream<Path> dirs = Files.walk(Path.of("/sys/fs/cgroup"), 8)) {
            assertThat(dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(ours)).toList())
                    .as("cgroups left by this JVM").isEmpty();
        } catch (IOException e) {
            throw new IllegalStateException("cannot walk /sys/fs/cgroup", e);
        }
        try (Stream<Path> status = Files.list(Path.of("/run/codec-lab-sandbox/status"))) {
            assertThat(status.filter(p -> p.getFileName().toString().startsWith(ours)).toList())
                    .as("status files left").isEmpty();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the status directory", e);
        }
    }
}
