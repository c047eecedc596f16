package io.codeclab.sandbox.bwrap;

import io.codeclab.sandbox.SandboxException;
import io.codeclab.sandbox.SandboxLimits;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * cgroup v1: one directory per controller (memory, pids, cpu, cpuacct, and freezer when mounted), nested
 * under this process's own cgroup so that whatever limits the host put on us still apply.
 */
final class CgroupV1Host implements CgroupHost {

    private static final long CFS_PERIOD_US = 100_000;

    /** controller -> our parent directory ({@code <own cgroup>/codec-lab}). */
    private final Map<String, Path> parents;

    CgroupV1Host(Map<String, Path> ownDirs) {
        this.parents = new LinkedHashMap<>(CgroupLayout.parentsOf(ownDirs));
    }

    @Override
    public String version() {
        return "v1";
    }

    @Override
    public RunCgroup create(String name, SandboxLimits limits) {
        var dirs = new LinkedHashMap<String, Path>();
        // Co-mounted controllers (cpu,cpuacct) share one directory: create it once.
        var created = new LinkedHashSet<Path>();
        try {
            for (var e : parents.entrySet()) {
                Path dir = e.getValue().resolve(name);
                dirs.put(e.getKey(), dir);
                if (created.add(dir)) {
                    CgroupFs.mkdirNew(dir);
                }
            }
            Path memory = dirs.get("memory");
            CgroupFs.write(memory.resolve("memory.limit_in_bytes"), Long.toString(limits.memoryBytes()));
            // memory = memory+swap: no swapping past the limit.
            if (Files.exists(memory.resolve("memory.memsw.limit_in_bytes"))) {
                CgroupFs.write(memory.resolve("memory.memsw.limit_in_bytes"), Long.toString(limits.memoryBytes()));
            }
            CgroupFs.write(dirs.get("pids").resolve("pids.max"), Integer.toString(limits.pids()));
            Path cpu = dirs.get("cpu");
            CgroupFs.write(cpu.resolve("cpu.cfs_period_us"), Long.toString(CFS_PERIOD_US));
            CgroupFs.write(cpu.resolve("cpu.cfs_quota_us"),
                    Long.toString(Math.max(1000, Math.round(limits.cpus() * CFS_PERIOD_US))));
            return new V1Run(dirs, List.copyOf(created));
        } catch (RuntimeException e) {
            var reversed = new ArrayList<>(created);
            java.util.Collections.reverse(reversed);
            reversed.forEach(CgroupFs::rmdirIfUnused);
            throw e;
        }
    }

    @Override
    public void removeStale() {
        for (Path parent : new LinkedHashSet<>(parents.values())) {
            for (Path stale : CgroupFs.staleRuns(parent)) {
                CgroupFs.killPids(CgroupFs.readPids(stale.resolve("cgroup.procs")));
                CgroupFs.rmdir(stale);
            }
        }
    }

    @Override
    public void removeParentIfEmpty() {
        new LinkedHashSet<>(parents.values()).forEach(CgroupFs::rmdirIfUnused);
    }

    private static final class V1Run implements RunCgroup {
        private final Map<String, Path> dirs;
        private final List<Path> distinctDirs;

        V1Run(Map<String, Path> dirs, List<Path> distinctDirs) {
            this.dirs = dirs;
            this.distinctDirs = distinctDirs;
        }

        @Override
        public void join(long pid) {
            for (Path dir : distinctDirs) {
                CgroupFs.write(dir.resolve("cgroup.procs"), Long.toString(pid));
            }
        }

        @Override
        public List<Long> pids() {
            return CgroupFs.readPids(dirs.get("pids").resolve("cgroup.procs"));
        }

        /** Synchronized with {@link #close()}: an asynchronous kill never races the removal of the cgroup. */
        @Override
        public synchronized void killAll() {
            Path freezer = dirs.get("freezer");
            for (int round = 0; round < 500; round++) {
                // An asynchronous kill (timer, output cap, close) may arrive after the run removed its cgroup.
                if (!Files.isDirectory(dirs.get("pids"))) {
                    return;
                }
                List<Long> pids = pids();
                if (pids.isEmpty()) {
                    return;
                }
                // Frozen tasks cannot fork, so one pass of SIGKILL reaches the whole tree.
                if (freezer != null) {
                    freeze(freezer);
                }
                CgroupFs.killPids(CgroupFs.readPids(dirs.get("pids").resolve("cgroup.procs")));
                if (freezer != null) {
                    CgroupFs.write(freezer.resolve("freezer.state"), "THAWED");
                }
                CgroupFs.sleepMillis(round < 10 ? 2 : 10);
            }
            throw new SandboxException("processes " + pids() + " survived SIGKILL in cgroup " + dirs.get("pids"));
        }

        private static void freeze(Path freezer) {
            CgroupFs.write(freezer.resolve("freezer.state"), "FROZEN");
            for (int i = 0; i < 200 && !CgroupFs.read(freezer.resolve("freezer.state")).equals("FROZEN"); i++) {
                CgroupFs.sleepMillis(1);
            }
        }

        @Override
        public boolean oomKilled() {
            // The oom_kill counter (kernel 4.13+) also counts a child killed while its parent exited 0.
            return CgroupFs.readKeyed(dirs.get("memory").resolve("memory.oom_control"), "oom_kill").orElse(0L) > 0;
        }

        @Override
        public long peakMemoryBytes() {
            Path memory = dirs.get("memory");
            Path memsw = memory.resolve("memory.memsw.max_usage_in_bytes");
            return CgroupFs.readLong(Files.exists(memsw) ? memsw : memory.resolve("memory.max_usage_in_bytes"));
        }

        @Override
        public Duration cpuTime() {
            return Duration.ofNanos(CgroupFs.readLong(dirs.get("cpuacct").resolve("cpuacct.usage")));
        }

        @Override
        public synchronized void close() {
            killAll();
            var reversed = new ArrayList<>(distinctDirs);
            java.util.Collections.reverse(reversed);
            reversed.forEach(CgroupFs::rmdir);
        }
    }
}
