package io.codeclab.sandbox.bwrap;

import io.codeclab.sandbox.Sandbox;
import io.codeclab.sandbox.SandboxContractIT;
import io.codeclab.sandbox.internal.HostDirectories;

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
        if (HostDirectories.effectiveUid() != 0) {
            return Optional.of("the bwrap sandbox needs root; run the integration tests as root");
        }
        if (!Files.isExecutable(Path.of("/usr/bin/bwrap"))) {
            return Optional.of("bubblewrap is not installed (apt-get install -y bubblewrap)");
        }
        return Optional.empty();
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
