package io.codeclab.sandbox.docker;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Ulimit;
import io.codeclab.sandbox.SandboxLimits;
import io.codeclab.sandbox.SandboxTask;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Every SPEC §4 Docker setting, field by field: a refactor that drops one fails here. */
class DockerContainerSpecTest {

    @TempDir
    Path tmp;
    private Path code;
    private Path input;
    private Path output;
    private SandboxTask task;

    @BeforeEach
    void setUp() throws Exception {
        code = Files.createDirectories(tmp.resolve("code"));
        input = Files.createDirectories(tmp.resolve("input"));
        output = Files.createDirectories(tmp.resolve("output"));
        task = SandboxTask.python(code, "main.py").inputDir(input).outputDir(output)
                .limits(SandboxLimits.custom().cpus(1.5).memoryBytes(768L << 20).pids(99).tmpfsBytes(32L << 20)
                        .outputCapBytes(5L << 20).wallTimeout(Duration.ofSeconds(9)).build())
                .build();
    }

    @Test
    void networkIsNone() {
        assertThat(DockerContainerSpec.hostConfig(task).getNetworkMode()).isEqualTo("none");
    }

    @Test
    void rootFilesystemIsReadOnlyAndNotPrivileged() {
        HostConfig hc = DockerContainerSpec.hostConfig(task);
        assertThat(hc.getReadonlyRootfs()).isTrue();
        assertThat(hc.getPrivileged()).isFalse();
    }

    @Test
    void tmpIsASmallNoexecNosuidTmpfs() {
        Map<String, String> tmpfs = DockerContainerSpec.hostConfig(task).getTmpFs();
        assertThat(tmpfs).containsOnlyKeys("/tmp");
        assertThat(tmpfs.get("/tmp").split(","))
                .contains("noexec", "nosuid", "nodev", "size=" + (32L << 20));
    }

    @Test
    void codeAndInputAreReadOnlyAndOnlyOutputIsWritable() {
        Bind[] binds = DockerContainerSpec.hostConfig(task).getBinds();
        assertThat(binds).extracting(Bind::getPath, b -> b.getVolume().getPath(), Bind::getAccessMode)
                .containsExactlyInAnyOrder(
                        tuple(code.toString(), "/code", AccessMode.ro),
                        tuple(input.toString(), "/input", AccessMode.ro),
                        tuple(output.toString(), "/output", AccessMode.rw));
    }

    @Test
    void withoutInputThereIsNoInputMount() throws Exception {
        var noInput = SandboxTask.python(code, "main.py").outputDir(output).build();
        assertThat(DockerContainerSpec.hostConfig(noInput).getBinds())
                .extracting(b -> b.getVolume().getPath()).containsExactlyInAnyOrder("/code", "/output");
    }

    @Test
    void allCapabilitiesDroppedAndNoNewPrivileges() {
        HostConfig hc = DockerContainerSpec.hostConfig(task);
        assertThat(hc.getCapDrop()).containsExactly(Capability.ALL);
        assertThat(hc.getSecurityOpts()).containsExactly("no-new-privileges");
    }

    @Test
    void memoryEqualsMemoryPlusSwap() {
        HostConfig hc = DockerContainerSpec.hostConfig(task);
        assertThat(hc.getMemory()).isEqualTo(768L << 20);
        assertThat(hc.getMemorySwap()).isEqualTo(768L << 20);
    }

    @Test
    void cpuAndPidsLimits() {
        HostConfig hc = DockerContainerSpec.hostConfig(task);
        assertThat(hc.getNanoCPUs()).isEqualTo(1_500_000_000L);
        assertThat(hc.getPidsLimit()).isEqualTo(99L);
    }

    @Test
    void initReapsAndForwardsSignals() {
        assertThat(DockerContainerSpec.hostConfig(task).getInit()).isTrue();
    }

    @Test
    void noCoreDumpsAndFilesCappedAtTheOutputCap() {
        assertThat(Arrays.asList(DockerContainerSpec.hostConfig(task).getUlimits()))
                .extracting(Ulimit::getName, Ulimit::getSoftLong, Ulimit::getHardLong)
                .containsExactlyInAnyOrder(tuple("core", 0L, 0L), tuple("fsize", (5L << 20) + 1, (5L << 20) + 1));
    }

    @Test
    void streamsAreNotCopiedToALogDriver() {
        assertThat(DockerContainerSpec.hostConfig(task).getLogConfig().getType()).isEqualTo(LogConfig.LoggingType.NONE);
    }

    @Test
    void containerIsNotAutoRemovedSoItsOomFlagCanBeReadFirst() {
        assertThat(DockerContainerSpec.hostConfig(task).getAutoRemove()).isFalse();
    }

    @Test
    void labelsNameUsAndTheOwningProcess() {
        assertThat(DockerContainerSpec.labels(4242)).containsEntry("io.codeclab.sandbox", "1")
                .containsEntry("io.codeclab.sandbox.owner-pid", "4242");
    }

    @Test
    void nonRootUserAndFixedEnvironmentPinnedToTheGrantedCpus() {
        assertThat(DockerContainerSpec.USER).isEqualTo("65534:65534");
        assertThat(DockerContainerSpec.environment(task.limits())).containsExactly(
                "PATH=/usr/bin:/bin", "HOME=/tmp", "LANG=C.UTF-8",
                "OMP_NUM_THREADS=2", "OPENBLAS_NUM_THREADS=2", "MKL_NUM_THREADS=2", "NUMEXPR_NUM_THREADS=2",
                "PYTHONDONTWRITEBYTECODE=1");
    }
}
