package io.codeclab.sandbox.bwrap;

import io.codeclab.sandbox.SandboxLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * This host has cgroup v1 only, so the v2 code is checked against a directory laid out like a cgroup2
 * mount: it proves detection and the exact values written (formats such as cpu.max), not the kernel's
 * reaction to them.
 */
class CgroupV2HostTest {

    @TempDir
    Path mount;

    @Test
    void detectsV2AndWritesTheLimitsInTheKernelsFormats() throws Exception {
        Files.writeString(mount.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");
        Path own = Files.createDirectories(mount.resolve("system.slice/codec-lab.service"));
        var host = CgroupLayout.detect(
                List.of("25 1 0:22 / " + mount + " rw - cgroup2 cgroup2 rw,nsdelegate"),
                List.of("0::/system.slice/codec-lab.service"));
        assertThat(host.version()).isEqualTo("v2");

        var limits = SandboxLimits.custom().memoryBytes(512L << 20).pids(77).cpus(1.5).build();
        RunCgroup cgroup = host.create("run-1-1", limits);

        Path parent = own.resolve("codec-lab");
        Path run = parent.resolve("run-1-1");
        assertThat(Files.readString(own.resolve("cgroup.subtree_control"))).isEqualTo("+memory +pids +cpu");
        assertThat(Files.readString(parent.resolve("cgroup.subtree_control"))).isEqualTo("+memory +pids +cpu");
        assertThat(Files.readString(run.resolve("memory.max"))).isEqualTo(Long.toString(512L << 20));
        assertThat(Files.readString(run.resolve("pids.max"))).isEqualTo("77");
        assertThat(Files.readString(run.resolve("cpu.max"))).isEqualTo("150000 100000");

        // What the kernel would report after a run whose child was OOM-killed.
        Files.writeString(run.resolve("memory.events"), "low 0\nhigh 0\nmax 12\noom 1\noom_kill 1\n");
        Files.writeString(run.resolve("memory.peak"), "536870912\n");
        Files.writeString(run.resolve("cpu.stat"), "usage_usec 1500000\nuser_usec 1400000\nsystem_usec 100000\n");
        assertThat(cgroup.oomKilled()).isTrue();
        assertThat(cgroup.peakMemoryBytes()).isEqualTo(512L << 20);
        assertThat(cgroup.cpuTime()).isEqualTo(java.time.Duration.ofMillis(1500));
    }
}
