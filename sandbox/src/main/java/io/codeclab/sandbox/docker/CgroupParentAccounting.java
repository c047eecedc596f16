package io.codeclab.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Info;
import io.codeclab.sandbox.SandboxException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Exact CPU time and peak memory of a container, also for runs shorter than the engine's one-second
 * stats interval: each container gets its own cgroup parent ({@code /codec-lab-docker/run-...}), whose
 * hierarchical counters keep the container's totals after the engine has removed the container's own
 * cgroup. Only for a local engine with the cgroupfs driver on cgroup v1 (what Debian's docker.io runs
 * here); elsewhere the backend falls back to the stats stream.
 */
final class CgroupParentAccounting {

    static final String ROOT = "codec-lab-docker";
    private static final Path CGROUP_FS = Path.of("/sys/fs/cgroup");

    private final List<Path> hierarchies;
    private final Path memory;
    private final Path cpuacct;

    private CgroupParentAccounting(List<Path> hierarchies, Path memory, Path cpuacct) {
        this.hierarchies = List.copyOf(hierarchies);
        this.memory = memory;
        this.cpuacct = cpuacct;
    }

    /** Usable when the engine is local (unix socket), uses cgroupfs on v1, and we may write cgroups. */
    static Optional<CgroupParentAccounting> detect(DockerClient client, String dockerHost) {
        if (!dockerHost.startsWith("unix://")) {
            return Optional.empty();
        }
        Info info = client.infoCmd().exec();
        if (!"cgroupfs".equals(info.getCGroupDriver()) || !"1".equals(info.getCGroupVersion())) {
            return Optional.empty();
        }
        List<Path> mounts = v1Hierarchies();
        Path memory = mounts.stream().filter(p -> Files.exists(p.resolve("memory.max_usage_in_bytes"))).findFirst()
                .orElse(null);
        Path cpuacct = mounts.stream().filter(p -> Files.exists(p.resolve("cpuacct.usage"))).findFirst().orElse(null);
        if (memory == null || cpuacct == null || !Files.isWritable(memory) || !Files.isWritable(cpuacct)) {
            return Optional.empty();
        }
        return Optional.of(new CgroupParentAccounting(mounts, memory, cpuacct));
    }

    /** Mount points of all cgroup hierarchies (named ones such as name=systemd and the unified one included: runc uses them too). */
    private static List<Path> v1Hierarchies() {
        try {
            var mounts = new ArrayList<Path>();
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] sides = line.split(" - ", 2);
                // cgroup2 too: on hybrid hosts runc also creates the parent in the unified hierarchy.
                if (sides.length == 2 && (sides[1].startsWith("cgroup ") || sides[1].startsWith("cgroup2 "))) {
                    Path mountPoint = Path.of(sides[0].split(" ")[4]);
                    if (mountPoint.startsWith(CGROUP_FS)) {
                        mounts.add(mountPoint);
                    }
                }
            }
            return mounts;
        } catch (IOException e) {
            throw new SandboxException("cannot read /proc/self/mountinfo: " + e.getMessage(), e);
        }
    }

    /** The {@code CgroupParent} to give a run's container. */
    String parentOf(String runName) {
        return "/" + ROOT + "/" + runName;
    }

    long peakMemoryBytes(String runName) {
        Path dir = memory.resolve(ROOT).resolve(runName);
        Path memsw = dir.resolve("memory.memsw.max_usage_in_bytes");
        Path file = Files.exists(memsw) ? memsw : dir.resolve("memory.max_usage_in_bytes");
        return Files.exists(file) ? readLong(file) : 0;
    }

    Duration cpuTime(String runName) {
        Path file = cpuacct.resolve(ROOT).resolve(runName).resolve("cpuacct.usage");
        return Files.exists(file) ? Duration.ofNanos(readLong(file)) : Duration.ZERO;
    }

    /** Removes the run's parent cgroups, which the engine created in every hierarchy and leaves behind. */
    void remove(String runName) {
        for (Path hierarchy : hierarchies) {
            rmdir(hierarchy.resolve(ROOT).resolve(runName));
        }
    }

    /**
     * Removes the run cgroups ({@code run-<pid>-<n>}) of JVMs that died mid-run; called once their containers are
     * gone. A run of a live process, or a name of another form, is never touched.
     */
    void removeRunsOfDeadProcesses() {
        for (Path hierarchy : hierarchies) {
            Path root = hierarchy.resolve(ROOT);
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (var runs = Files.list(root)) {
                runs.filter(Files::isDirectory).filter(dir -> ownerIsDead(dir.getFileName().toString()))
                        .forEach(CgroupParentAccounting::rmdir);
            } catch (IOException e) {
                throw new SandboxException("cannot list the cgroups under " + root + ": " + e.getMessage(), e);
            }
        }
    }

    private static boolean ownerIsDead(String runName) {
        var m = java.util.regex.Pattern.compile("run-(\\d+)-\\d+").matcher(runName);
        return m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty();
    }

    /** Removes our root cgroups when no run is left in them. */
    void removeRootIfEmpty() {
        for (Path hierarchy : hierarchies) {
            try {
                Files.deleteIfExists(hierarchy.resolve(ROOT));
            } catch (IOException e) {
                // Still in use by another run (or another JVM): it stays until the last one is removed.
                continue;
            }
        }
    }

    /**
     * Retries for up to 5 s: the container's own cgroup inside ours may outlive the container's removal for a
     * moment, longer on a loaded host; only a failure costs the wait.
     */
    private static void rmdir(Path dir) {
        IOException last = null;
        for (int attempt = 0; attempt < 500; attempt++) {
            try {
                Files.deleteIfExists(dir);
                return;
            } catch (IOException e) {
                last = e;
                try {
                    Thread.sleep(10);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new SandboxException("interrupted while removing cgroup " + dir, ie);
                }
            }
        }
        throw new SandboxException("cannot remove cgroup " + dir + ": " + last, last);
    }

    private static long readLong(Path file) {
        try {
            return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (IOException e) {
            throw new SandboxException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
