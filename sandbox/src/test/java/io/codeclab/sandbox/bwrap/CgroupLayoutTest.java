package io.codeclab.sandbox.bwrap;

import io.codeclab.sandbox.SandboxLaunchException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CgroupLayoutTest {

    private static final List<String> V1_MOUNTS = List.of(
            "30 25 0:26 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory",
            "31 25 0:27 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids",
            "32 25 0:28 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct",
            "33 25 0:29 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw");

    @Test
    void detectsV1WhenTheMemoryControllerIsAV1Hierarchy() {
        var host = CgroupLayout.detect(V1_MOUNTS, List.of(
                "4:memory:/service/x", "3:pids:/", "2:cpu,cpuacct:/", "0::/"));
        assertThat(host.version()).isEqualTo("v1");
    }

    @Test
    void v1WithoutPidsIsRefusedWithAFix() {
        assertThatThrownBy(() -> CgroupLayout.detect(List.of(V1_MOUNTS.get(0)), List.of("4:memory:/")))
                .isInstanceOf(SandboxLaunchException.class).hasMessageContaining("pids");
    }

    @Test
    void noCgroupsAtAllIsRefused() {
        assertThatThrownBy(() -> CgroupLayout.detect(List.of(), List.of()))
                .isInstanceOf(SandboxLaunchException.class).hasMessageContaining("memory controller");
    }
}
