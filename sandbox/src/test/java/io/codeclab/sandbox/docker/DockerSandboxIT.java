package io.codeclab.sandbox.docker;

import io.codeclab.sandbox.Sandbox;
import io.codeclab.sandbox.SandboxConfig;
import io.codeclab.sandbox.SandboxContractIT;
import io.codeclab.sandbox.testing.SandboxHosts;
import io.codeclab.testing.Preconditions;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DockerSandboxIT extends SandboxContractIT {

    @Override
    protected Sandbox createSandbox() {
        return DockerSandbox.create(SandboxConfig.ofDefaults().image());
    }

    @Override
    protected Optional<String> unavailableReason() {
        return SandboxHosts.dockerUnavailableReason();
    }

    @Override
    protected String requirementVariable() {
        return Preconditions.REQUIRE_DOCKER;
    }

    @Override
    protected String expectedBackend() {
        return "docker";
    }

    @Override
    protected void assertNothingOfOursLeft() {
        try (var client = DockerSandbox.connect(DockerSandbox.dockerHost())) {
            var ours = client.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(DockerContainerSpec.OWNER_LABEL,
                            Long.toString(ProcessHandle.current().pid()))).exec();
            assertThat(ours).as("sandbox containers left").isEmpty();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("closing the Docker client failed", e);
        }
        try (var dirs = java.nio.file.Files.walk(java.nio.file.Path.of("/sys/fs/cgroup"), 3)) {
            assertThat(dirs.filter(p -> p.getFileName().toString().equals(CgroupParentAccounting.ROOT)).toList())
                    .as("cgroup parents left").isEmpty();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot walk /sys/fs/cgroup", e);
        }
    }
}
