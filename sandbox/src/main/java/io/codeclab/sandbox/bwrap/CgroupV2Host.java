package io.codeclab.sandbox.bwrap;

import io.codeclab.sandbox.SandboxException;
import io.codeclab.sandbox.SandboxLaunchException;
import io.codeclab.sandbox.SandboxLimits;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * cgroup v2: one directory per run under {@code <own cgroup>/codec-lab}. Because v2 forbids processes
 * in a cgroup that delegates controllers to children, when we are not at the root this process first
 * moves itself into a {@code codec-lab-supervisor} leaf (what systemd expects of a Delegate=yes service).
 */
final class CgroupV2Host implements CgroupHost {

    private static final long CPU_PERIOD_US = 100_000;
    private static final String CONTROLLERS = "+memory +pids +cpu";

    private final Path mountPoint;
    private final Path own;
    private final Path parent;

    CgroupV2Host(Path mountPoint, Path own) {
        this.mountPoint = mountPoint;
        this.own = own;
        this.parent = own.resolve(CgroupLayout.PARENT_NAME);
    }

    @Override
    public String version() {
        return "v2";
    }

    private synchronized void ensureParent() {
        if (Files.exists(parent.resolve("cgroup.subtree_control"))
                && CgroupFs.read(parent.resolve("cgroup.subtree_control")).contains("memory")) {
            return;
        }
        try {
            enableControllers(own);
        } catch (SandboxException busy) {
            if (own.equals(mountPoint)) {
                throw busy;
            }
            Path leaf = own.resolve("codec-lab-supervisor");
            CgroupFs.mkdirs(leaf);
            CgroupFs.write(leaf.resolve("cgroup.procs"), Long.toString(ProcessHandle.current().pid()));
            try {
                enableControllers(own);
            } catch (SandboxException stillBusy) {
                throw new SandboxLaunchException("cgroup v2: cannot delegate memory, pids and cpu below " + own
                        + " (other processes live there); run codec-lab in its own cgroup, e.g. a systemd"
                        + " service with Delegate=yes", stillBusy);
            }
        }
        CgroupFs.mkdirs(parent);
        enableControllers(parent);
    }

    private static void enableControllers(Path dir) {
        CgroupFs.write(dir.resolve("cgroup.subtree_control"), CONTROLLERS);
    }

    @Override
    public RunCgroup create(String name, SandboxLimits limits) {
        ensureParent();
        Path dir = parent.resolve(name);
        CgroupFs.mkdirNew(dir);
        try {
            CgroupFs.write(dir.resolve("memory.max"), Long.toString(limits.memoryBytes()));
            // memory = memory+swap: no swap at all on top of the limit.
            if (Files.exists(dir.resolve("memory.swap.max"))) {
                CgroupFs.write(dir.resolve("memory.swap.max"), "0");
            }
            CgroupFs.write(dir.resolve("pids.max"), Integer.toString(limits.pids()));
            CgroupFs.write(dir.resolve("cpu.max"),
                    Math.max(1000, Math.round(limits.cpus() * CPU_PERIOD_US)) + " " + CPU_PERIOD_US);
            return new V2Run(dir);
        } catch (RuntimeException e) {
            CgroupFs.rmdirIfUnused(dir);
            throw e;
        }
    }

    @Override
    public void removeStale() {
        for (Path stale : CgroupFs.staleRuns(parent)) {
            new V2Run(stale).close();
        }
    }

    @Override
    public void removeParentIfEmpty() {
        CgroupFs.rmdirIfUnused(parent);
    }

    private static final class V2Run implements RunCgroup {
        private final Path dir;

        V2Run(Path dir) {
            this.dir = dir;
        }

        @Override
        public void join(long pid) {
            CgroupFs.write(dir.resolve("cgroup.procs"), Long.toString(pid));
        }

        @Override
        public List<Long> pids() {
            return CgroupFs.readPids(dir.resolve("cgroup.procs"));
        }

        /** Synchronized with {@link #close()}: an asynchronous kill never races the removal of the cgroup. */
        @Override
        public synchronized void killAll() {
            boolean hasKill = Files.exists(dir.resolve("cgroup.kill"));
            for (int round = 0; round < 500; round++) {
                // An asynchronous kill (timer, output cap, close) may arrive after the run removed its cgroup.
                if (!Files.isDirectory(dir) || pids().isEmpty()) {
                    return;
                }
                if (hasKill) {
                    CgroupFs.write(dir.resolve("cgroup.kill"), "1");
                } else {
                    CgroupFs.write(dir.resolve("cgroup.freeze"), "1");
                    CgroupFs.killPids(pids());
                    CgroupFs.write(dir.resolve("cgroup.freeze"), "0");
                }
                CgroupFs.sleepMillis(round < 10 ? 2 : 10);
            }
            throw new SandboxException("processes " + pids() + " survived SIGKILL in cgroup " + dir);
        }

        @Override
        public boolean oomKilled() {
            return CgroupFs.readKeyed(dir.resolve("memory.events"), "oom_kill").orElse(0L) > 0;
        }

        @Override
        public long peakMemoryBytes() {
            // memory.peak exists from kernel 5.19; older kernels only tell the current usage.
            Path peak = dir.resolve("memory.peak");
            return CgroupFs.readLong(Files.exists(peak) ? peak : dir.resolve("memory.current"));
        }

        @Override
        public Duration cpuTime() {
            return Duration.ofNanos(1000 * CgroupFs.readKeyed(dir.resolve("cpu.stat"), "usage_usec").orElse(0L));
        }

        @Override
        public synchronized void close() {
            killAll();
            CgroupFs.rmdir(dir);
        }
    }
}
