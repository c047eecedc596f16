package io.codeclab.sandbox.bwrap;

import io.codeclab.sandbox.Sandbox;
import io.codeclab.sandbox.SandboxException;
import io.codeclab.sandbox.SandboxLaunchException;
import io.codeclab.sandbox.SandboxLimits;
import io.codeclab.sandbox.SandboxResult;
import io.codeclab.sandbox.SandboxTask;
import io.codeclab.sandbox.internal.ActiveRuns;
import io.codeclab.sandbox.internal.RunState;
import io.codeclab.sandbox.internal.HostDirectories;
import io.codeclab.sandbox.internal.OutcomeClassifier;
import io.codeclab.sandbox.internal.OutputDirectoryGrant;
import io.codeclab.sandbox.internal.StreamPump;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bubblewrap backend: bwrap as uid 65534 inside a per-run cgroup (memory = memory+swap, pids, CPU
 * quota), killed from outside on the wall-clock limit. Needs root (cgroups, dropping to 65534, bind
 * mounts in a private mount namespace). Create with {@link #create(Path)}.
 */
public final class BubblewrapSandbox implements Sandbox {

    private static final Logger LOG = LoggerFactory.getLogger(BubblewrapSandbox.class);
    private static final Path DEFAULT_WORK_DIR = Path.of("/run/codec-lab-sandbox");
    private static final long STREAM_DRAIN_MILLIS = 10_000;

    private final HostTools tools;
    private final CgroupHost cgroups;
    private final BwrapCommandLine commandLine;
    private final Path statusDir;
    private final ActiveRuns runs = new ActiveRuns("bwrap");

    private BubblewrapSandbox(HostTools tools, CgroupHost cgroups, Path workDir, Optional<Path> seccompFilter) {
        this.tools = tools;
        this.cgroups = cgroups;
        this.commandLine = new BwrapCommandLine(tools, workDir.resolve("mnt"), mergedUsrLinks(), etcEntries(),
                seccompFilter);
        this.statusDir = workDir.resolve("status");
    }

    /** Creates the backend with its working files under /run/codec-lab-sandbox and proves it can run a program. */
    public static BubblewrapSandbox create() {
        return create(DEFAULT_WORK_DIR);
    }

    /**
     * Creates the backend, its mount points and status directory under {@code workDir} (whose ancestors
     * must be traversable by uid 65534), and proves it works by running {@code /bin/true}.
     *
     * @throws SandboxLaunchException when this host cannot run it, with the fix in the message
     */
    public static BubblewrapSandbox create(Path workDir) {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            throw new SandboxLaunchException("the bwrap sandbox needs Linux; use the docker backend here");
        }
        if (HostDirectories.effectiveUid() != 0) {
            throw new SandboxLaunchException("the bwrap sandbox needs root (it creates cgroups and drops to uid "
                    + HostDirectories.SANDBOX_UID + "); run as root or use the docker backend");
        }
        HostTools tools = HostTools.find();
        CgroupHost cgroups = CgroupLayout.detect();
        cgroups.removeStale();
        prepareWorkDir(workDir);
        Optional<Path> seccomp = writeSeccompFilter(workDir);
        var sandbox = new BubblewrapSandbox(tools, cgroups, workDir, seccomp);
        sandbox.selfTest(workDir);
        LOG.info("bwrap sandbox ready (cgroup {}, {}, seccomp {})", cgroups.version(), tools.bwrap(),
                seccomp.isPresent() ? "deny-list" : "none for " + System.getProperty("os.arch"));
        return sandbox;
    }

    private static void prepareWorkDir(Path workDir) {
        try {
            Files.createDirectories(workDir);
            Files.setPosixFilePermissions(workDir, PosixFilePermissions.fromString("rwxr-xr-x"));
            for (String name : List.of("code", "input", "output", "tmp")) {
                Path p = workDir.resolve("mnt").resolve(name);
                Files.createDirectories(p);
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            Files.setPosixFilePermissions(workDir.resolve("mnt"), PosixFilePermissions.fromString("rwxr-xr-x"));
            Path status = workDir.resolve("status");
            Files.createDirectories(status);
            Files.setPosixFilePermissions(status, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new SandboxLaunchException("cannot prepare the sandbox work directory " + workDir + ": "
                    + e.getMessage(), e);
        }
    }

    private static Optional<Path> writeSeccompFilter(Path workDir) {
        var filter = SeccompDenyList.forThisMachine();
        if (filter.isEmpty()) {
            return Optional.empty();
        }
        Path file = workDir.resolve("seccomp-" + ProcessHandle.current().pid() + ".bpf");
        try (var old = Files.newDirectoryStream(workDir, "seccomp-*.bpf")) {
            // Filters of processes that died without their shutdown hook.
            for (Path p : old) {
                String pid = p.getFileName().toString().replaceAll("\\D", "");
                if (!pid.isEmpty() && ProcessHandle.of(Long.parseLong(pid)).isEmpty()) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw new SandboxLaunchException("cannot list " + workDir + ": " + e.getMessage(), e);
        }
        try {
            Files.write(file, filter.get());
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            file.toFile().deleteOnExit();
            return Optional.of(file);
        } catch (IOException e) {
            throw new SandboxLaunchException("cannot write the seccomp filter " + file + ": " + e.getMessage(), e);
        }
    }

    /** Debian 12 and most current distributions have /bin, /lib... as links into /usr. */
    private static List<String> mergedUsrLinks() {
        var links = new ArrayList<String>();
        for (String name : List.of("bin", "sbin", "lib", "lib32", "lib64", "libx32")) {
            Path p = Path.of("/", name);
            if (Files.isSymbolicLink(p)) {
                try {
                    links.add(name + "=" + Files.readSymbolicLink(p));
                } catch (IOException e) {
                    throw new SandboxLaunchException("cannot read the link " + p + ": " + e.getMessage(), e);
                }
            } else if (Files.isDirectory(p)) {
                throw new SandboxLaunchException("/" + name + " is a real directory, not a link into /usr; the bwrap "
                        + "sandbox supports merged-/usr hosts only (Debian 12+, Ubuntu 22.04+)");
            }
        }
        return links;
    }

    /** What programs need from /etc: the loader's cache, BLAS/LAPACK alternatives, user names, Python's own files. */
    private static List<String> etcEntries() {
        var entries = new ArrayList<String>();
        for (String name : List.of("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "alternatives", "localtime",
                "passwd", "group", "nsswitch.conf", "os-release")) {
            if (Files.exists(Path.of("/etc", name))) {
                entries.add("/etc/" + name);
            }
        }
        try (var etc = Files.list(Path.of("/etc"))) {
            etc.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("python3")).sorted()
                    .forEach(n -> entries.add("/etc/" + n));
        } catch (IOException e) {
            throw new SandboxLaunchException("cannot list /etc: " + e.getMessage(), e);
        }
        return entries;
    }

    private void selfTest(Path workDir) {
        Path probe = workDir.resolve("probe-" + ProcessHandle.current().pid());
        try {
            Files.createDirectories(probe.resolve("code"));
            Files.createDirectories(probe.resolve("output"));
            var task = SandboxTask.builder().codeDir(probe.resolve("code")).outputDir(probe.resolve("output"))
                    .command(List.of("/bin/true"))
                    .limits(SandboxLimits.custom().memoryBytes(64L << 20).wallTimeout(Duration.ofSeconds(20)).build())
                    .build();
            SandboxResult result = run(task);
            if (!result.isOk()) {
                close();
                throw new SandboxLaunchException("the bwrap sandbox cannot run /bin/true here: " + result.outcome()
                        + " " + result.stderrTail().strip()
                        + " (unprivileged user namespaces must be enabled: sysctl user.max_user_namespaces > 0)");
            }
        } catch (IOException e) {
            close();
            throw new SandboxLaunchException("cannot create the self-test directory " + probe + ": " + e.getMessage(), e);
        } finally {
            deleteTree(probe);
        }
    }

    @Override
    public String backend() {
        return "bwrap";
    }

    @Override
    public SandboxResult run(SandboxTask task) {
        runs.requireOpen();
        String name = ActiveRuns.newRunName();
        SandboxLimits limits = task.limits();
        long started = System.nanoTime();
        OutputDirectoryGrant outputGrant;
        try {
            outputGrant = HostDirectories.prepareFor(task);
        } catch (RuntimeException e) {
            return runs.error("cannot prepare the task's directories: " + e.getMessage(), started);
        }
        Path statusFile = statusDir.resolve(name + ".json");
        RunCgroup cgroup;
        try {
            cgroup = cgroups.create(name, limits);
        } catch (RuntimeException e) {
            outputGrant.close();
            return runs.error("cannot create the run's cgroup: " + e.getMessage(), started);
        }
        var run = new ActiveRun(cgroup);
        runs.add(run);
        try {
            return execute(task, statusFile, run, started);
        } finally {
            runs.remove(run);
            var cleanupErrors = new ArrayList<String>();
            try {
                cgroup.close();
            } catch (RuntimeException e) {
                cleanupErrors.add(e.getMessage());
            }
            try {
                Files.deleteIfExists(statusFile);
            } catch (IOException e) {
                cleanupErrors.add("cannot delete " + statusFile + ": " + e.getMessage());
            }
            outputGrant.close();
            if (!cleanupErrors.isEmpty()) {
                LOG.error("cleaning up {} failed: {}", name, cleanupErrors);
            }
        }
    }

    private SandboxResult execute(SandboxTask task, Path statusFile, ActiveRun run, long started) {
        SandboxLimits limits = task.limits();
        var pb = new ProcessBuilder(commandLine.build(task, statusFile));
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            return runs.error("cannot start " + tools.sh() + ": " + e.getMessage(), started);
        }
        var streamTotal = new AtomicLong();
        Runnable onStreamCap = () -> {
            run.outputExceeded.set(true);
            runs.killSoon(run);
        };
        var stdout = StreamPump.start("sandbox-stdout", process.getInputStream(), limits.streamTailBytes(),
                streamTotal, limits.outputCapBytes(), onStreamCap);
        var stderr = StreamPump.start("sandbox-stderr", process.getErrorStream(), limits.streamTailBytes(),
                streamTotal, limits.outputCapBytes(), onStreamCap);
        try {
            try {
                run.cgroup.join(process.pid());
                process.getOutputStream().write("go\n".getBytes(StandardCharsets.US_ASCII));
                process.getOutputStream().close();
            } catch (RuntimeException | IOException e) {
                process.destroyForcibly();
                return runs.error("cannot place the program in its cgroup: " + e.getMessage(), started);
            }
            runs.awaitEnd(run, task, millis -> process.waitFor(millis, TimeUnit.MILLISECONDS));
            Duration wall = Duration.ofNanos(System.nanoTime() - started);
            // bwrap's pid namespace dies with it, but make sure before reading the final accounting.
            run.cgroup.killAll();
            stdout.await(STREAM_DRAIN_MILLIS);
            stderr.await(STREAM_DRAIN_MILLIS);
            runs.checkOutputAfterExit(run, task);
            BwrapStatus status = BwrapStatus.read(statusFile);
            if (!status.childStarted() && !run.killedByUs()) {
                return runs.error("bwrap did not start the program (exit " + process.exitValue() + "): "
                        + stderr.tail().tailText().strip(), started);
            }
            int exitCode = status.exited() ? status.exitCode() : process.exitValue();
            var facts = run.facts(exitCode, run.cgroup.oomKilled());
            return new SandboxResult(OutcomeClassifier.classify(facts, limits), exitCode, wall,
                    run.cgroup.cpuTime(), run.cgroup.peakMemoryBytes(),
                    stdout.tail().tailText(), stderr.tail().tailText(), backend());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.kill();
            return runs.error("interrupted while waiting for the program", started);
        } catch (RuntimeException e) {
            run.kill();
            return runs.error(e.toString(), started);
        } finally {
            process.destroyForcibly();
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }

    @Override
    public void close() {
        // The runs' own threads remove their cgroups before the parent goes.
        if (!runs.close()) {
            return;
        }
        cgroups.removeParentIfEmpty();
    }

    /** State of one run shared between the waiting thread, the timer and {@link #close()}. */
    private static final class ActiveRun extends RunState {
        final RunCgroup cgroup;

        ActiveRun(RunCgroup cgroup) {
            this.cgroup = cgroup;
        }

        @Override
        public void kill() {
            try {
                cgroup.killAll();
            } catch (SandboxException e) {
                LOG.error("killing a sandboxed run failed: {}", e.getMessage());
            }
        }
    }
}
