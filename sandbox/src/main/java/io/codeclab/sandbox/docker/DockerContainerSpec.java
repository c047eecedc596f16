package io.codeclab.sandbox.docker;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Ulimit;
import com.github.dockerjava.api.model.Volume;
import io.codeclab.sandbox.SandboxLimits;
import io.codeclab.sandbox.SandboxTask;
import io.codeclab.sandbox.internal.HostDirectories;
import io.codeclab.sandbox.internal.SandboxEnvironment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every hardening setting of a sandbox container (SPEC §4), in one place. A unit test asserts each field
 * of its output, so a refactor cannot silently drop one.
 */
public final class DockerContainerSpec {

    /** Label on every container we create, so leftovers can be found and removed. */
    public static final String LABEL = "io.codeclab.sandbox";
    /** Label holding the pid of the JVM that created the container, so another JVM never removes a live run. */
    public static final String OWNER_LABEL = "io.codeclab.sandbox.owner-pid";
    public static final String USER = HostDirectories.SANDBOX_UID + ":" + HostDirectories.SANDBOX_GID;
    public static final String WORKING_DIR = "/tmp";

    private DockerContainerSpec() {
    }

    public static HostConfig hostConfig(SandboxTask task) {
        SandboxLimits limits = task.limits();
        var binds = new ArrayList<Bind>();
        binds.add(new Bind(task.codeDir().toString(), new Volume(SandboxTask.CODE_MOUNT), AccessMode.ro));
        task.inputDir().ifPresent(in ->
                binds.add(new Bind(in.toString(), new Volume(SandboxTask.INPUT_MOUNT), AccessMode.ro)));
        binds.add(new Bind(task.outputDir().toString(), new Volume(SandboxTask.OUTPUT_MOUNT), AccessMode.rw));
        return HostConfig.newHostConfig()
                .withNetworkMode("none")
                .withReadonlyRootfs(true)
                .withTmpFs(Map.of("/tmp", "rw,noexec,nosuid,nodev,size=" + limits.tmpfsBytes()))
                .withBinds(binds)
                .withCapDrop(Capability.ALL)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withPrivileged(false)
                .withMemory(limits.memoryBytes())
                // memory = memory+swap: no swapping past the limit.
                .withMemorySwap(limits.memoryBytes())
                .withNanoCPUs(Math.round(limits.cpus() * 1e9))
                .withPidsLimit((long) limits.pids())
                // Without an init, Python as pid 1 ignores SIGTERM and nobody reaps orphans.
                .withInit(true)
                // One byte past the cap, so a file stopped by it is seen as over the cap (Python ignores SIGXFSZ).
                .withUlimits(List.of(new Ulimit("core", 0L, 0L),
                        new Ulimit("fsize", limits.outputCapBytes() + 1, limits.outputCapBytes() + 1)))
                // We read the streams through attach; a log driver would copy them all to disk first.
                .withLogConfig(new LogConfig(LogConfig.LoggingType.NONE))
                .withAutoRemove(false);
    }

    /** The fixed environment as KEY=VALUE strings; nothing of the host's. */
    public static List<String> environment(SandboxLimits limits) {
        return SandboxEnvironment.forLimits(limits).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    public static Map<String, String> labels(long ownerPid) {
        return Map.of(LABEL, "1", OWNER_LABEL, Long.toString(ownerPid));
    }
}
