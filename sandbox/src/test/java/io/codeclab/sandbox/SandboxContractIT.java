package io.codeclab.sandbox;

import io.codeclab.testing.Preconditions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The one contract every backend must meet: the same hostile programs, classified the same way.
 * Subclasses say how to create the backend and how to prove that nothing of theirs is left.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SandboxContractIT {

    /** Set by failsafe in the JVM's environment; must never reach a sandboxed program. */
    static final String SECRET_VARIABLE = "CODEC_LAB_SANDBOX_TEST_SECRET";
    static final int SANDBOX_UID = 65534;
    static final SandboxLimits SMALL = SandboxLimits.custom()
            .memoryBytes(256L << 20).pids(64).wallTimeout(Duration.ofSeconds(20)).build();

    protected Sandbox sandbox;
    private String unavailable;
    private long sandboxUserProcessesBefore;

    @TempDir
    Path tmp;
    private Path code;
    private Path output;

    /** Creates the backend; throws {@link SandboxLaunchException} when this host cannot run it. */
    protected abstract Sandbox createSandbox();

    /** Why the backend cannot run here, when that is expected (no engine, no image...), or empty. */
    protected abstract java.util.Optional<String> unavailableReason();

    /** The {@code CODEC_LAB_REQUIRE_*} variable that turns "cannot run here" from a skip into a failure. */
    protected abstract String requirementVariable();

    protected abstract String expectedBackend();

    /** Fails when a container, cgroup or other resource created by this JVM's runs is still there. */
    protected abstract void assertNothingOfOursLeft();

    @BeforeAll
    void startSandbox() {
        sandboxUserProcessesBefore = sandboxUserProcessesNotOfOthers().size();
        unavailable = unavailableReason().orElse(null);
        if (unavailable == null) {
            sandbox = createSandbox();
        } else {
            System.err.println(getClass().getSimpleName() + " cannot run here: " + unavailable);
        }
    }

    @AfterAll
    void closeSandboxAndCheckNothingIsLeft() {
        if (sandbox == null) {
            return;
        }
        sandbox.close();
        assertNothingOfOursLeft();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(sandboxUserProcessesNotOfOthers()).hasSizeLessThanOrEqualTo((int) sandboxUserProcessesBefore));
    }

    @BeforeEach
    void createDirectories() throws IOException {
        // Each test is skipped, or fails when the environment is required (scripts/test sets CODEC_LAB_REQUIRE_*).
        Preconditions.require(requirementVariable(), unavailable == null, () -> unavailable);
        code = Files.createDirectories(tmp.resolve("code"));
        output = Files.createDirectories(tmp.resolve("output"));
    }

    protected SandboxResult runPython(String script, SandboxLimits limits) throws IOException {
        return runPython(script, limits, null);
    }

    protected SandboxResult runPython(String script, SandboxLimits limits, Path input) throws IOException {
        Files.writeString(code.resolve("main.py"), script);
        var task = SandboxTask.python(code, "main.py").outputDir(output).limits(limits);
        if (input != null) {
            task.inputDir(input);
        }
        SandboxResult result = sandbox.run(task.build());
        assertThat(result.backend()).isEqualTo(expectedBackend());
        return result;
    }

    @Test
    void normalRunIsOkAndWritesOutput() throws IOException {
        var result = runPython("""
                print("hello from the sandbox")
                with open("/output/result.txt", "w") as f:
                    f.write("42")
                """, SMALL);

        assertThat(result.outcome()).isEqualTo(new SandboxOutcome.Ok());
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdoutTail()).contains("hello from the sandbox");
        assertThat(Files.readString(output.resolve("result.txt"))).isEqualTo("42");
        assertThat(result.wall()).isPositive();
    }

    @Test
    void readsInputFromTheReadOnlyInputMount() throws IOException {
        Path input = Files.createDirectories(tmp.resolve("input"));
        Files.writeString(input.resolve("frame.txt"), "pixels");
        var result = runPython("print(open('/input/frame.txt').read().upper())", SMALL, input);

        assertThat(result.isOk()).as(result.stderrTail()).isTrue();
        assertThat(result.stdoutTail()).contains("PIXELS");
    }

    @Test
    void exitThreeIsCrashWithExitCodeThree() throws IOException {
        var result = runPython("import sys; print('bye'); sys.exit(3)", SMALL);

        assertThat(result.outcome()).isEqualTo(new SandboxOutcome.Crash(3, 0));
        assertThat(result.exitCode()).isEqualTo(3);
    }

    @Test
    void exceptionIsCrashWithTracebackInStderr() throws IOException {
        var result = runPython("raise ValueError('broken codec')", SMALL);

        assertThat(result.outcome()).isEqualTo(new SandboxOutcome.Crash(1, 0));
        assertThat(result.stderrTail()).contains("ValueError: broken codec");
    }

    @Test
    void segfaultIsCrashWithSignalEleven() throws IOException {
        var result = runPython("import ctypes; ctypes.string_at(0)", SMALL);

        assertThat(result.outcome()).isEqualTo(new SandboxOutcome.Crash(139, 11));
    }

    @Test
    void memoryHogIsOom() throws IOException {
        var limits = SMALL.toBuilder().memoryBytes(128L << 20).build();
        var result = runPython("""
                chunks = []
                while True:
                    chunks.append(bytearray(16 << 20))
                """, limits);

        assertThat(result.outcome()).isEqualTo(new SandboxOutcome.OutOfMemory(128L << 20));
        assertThat(result.wall()).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void childKilledByOomWhileParentExitsZeroIsStillOom() throws IOException {
        var limits = SMALL.toBuilder().memoryBytes(128L << 20).build();
        var result = runPython("""
                import subprocess, sys
                child = subprocess.run([sys.executable, "-c",
                    "chunks = []\\nwhile True: chunks.append(bytearray(16 << 20))"])
                print("child exit", child.returncode)
                """, limits);

        assertThat(result.exitCode()).isZero();
        assertThat(result.outcome()).isInstanceOf(SandboxOutcome.OutOfMemory.class);
        assertThat(result.stdoutTail()).contains("child exit -9");
    }

    @Test
    void infiniteLoopTimesOutWithinTheLimitPlusTwoSeconds() throws IOException {
        var limits = SMALL.toBuilder().wallTimeout(Duration.ofSeconds(2)).build();
        var result = runPython("while True: pass", limits);

        assertThat(result.outcome()).isEqualTo(new SandboxOutcome.Timeout(Duration.ofSeconds(2)));
        assertThat(result.wall()).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
    }

    @Test
    void forkBombIsContainedAndLeavesNoProcess() throws IOException {
        long hostProcessesBefore = allProcessIds().size();
        var limits = SMALL.toBuilder().pids(32).wallTimeout(Duration.ofSeconds(4)).build();
        var result = runPython("""
                import os, time
                while True:
                    try:
                        os.fork()
                    except OSError:
                        time.sleep(0.01)
                """, limits);

        assertThat(result.outcome()).isEqualTo(new SandboxOutcome.Timeout(Duration.ofSeconds(4)));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(sandboxUserProcessesNotOfOthers()).hasSizeLessThanOrEqualTo((int) sandboxUserProcessesBefore);
            // Other work on a shared host moves the total a little; a surviving bomb would add at least 32.
            assertThat(allProcessIds().size()).isLessThan((int) hostProcessesBefore + 24);
        });
    }

    @Test
    void childProcessesLeftSleepingAreKilled() throws IOException {
        var result = runPython("""
                import os, subprocess
                for _ in range(3):
                    subprocess.Popen(["sleep", "1000"], start_new_session=True)
                if os.fork() == 0:
                    os.setsid()
                    if os.fork() == 0:
                        import time
                        time.sleep(1000)
                    os._exit(0)
                print("parent leaving")
                """, SMALL);

        assertThat(result.stdoutTail()).contains("parent leaving");
        assertThat(result.outcome()).isEqualTo(new SandboxOutcome.Ok());
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(sandboxUserProcessesNotOfOthers()).hasSizeLessThanOrEqualTo((int) sandboxUserProcessesBefore));
    }

    @Test
    void tcpConnectionToTheHostsLoopbackFails() throws Exception {
        var accepted = new AtomicInteger();
        try (var server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            var acceptor = CompletableFuture.runAsync(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept()) {
                        accepted.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            var result = runPython("""
                    import socket, sys
                    try:
                        socket.create_connection(("127.0.0.1", %d), timeout=3)
                        print("CONNECTED")
                    except OSError as e:
                        print("BLOCKED", type(e).__name__)
                        sys.exit(7)
                    """.formatted(server.getLocalPort()), SMALL);

            assertThat(result.stdoutTail()).contains("BLOCKED").doesNotContain("CONNECTED");
            assertThat(result.outcome()).isEqualTo(new SandboxOutcome.Crash(7, 0));
            assertThat(accepted).hasValue(0);
            server.close();
            acceptor.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void writesToRootUsrAndInputFail() throws IOException {
        Path input = Files.createDirectories(tmp.resolve("input"));
        Files.writeString(input.resolve("data.txt"), "original");
        String script = """
                import json
                outcomes = {}
                for path in ["/evil.txt", "/usr/evil.txt", "/usr/bin/python3", "/input/data.txt",
                             "/input/new.txt", "/code/main.py", "/etc/passwd"]:
                    try:
                        with open(path, "a") as f:
                            f.write("pwned")
                        outcomes[path] = "WRITTEN"
                    except OSError as e:
                        outcomes[path] = type(e).__name__
                print(json.dumps(outcomes))
                """;
        var result = runPython(script, SMALL, input);

        assertThat(result.isOk()).as(result.stderrTail()).isTrue();
        assertThat(result.stdoutTail()).doesNotContain("WRITTEN").contains("/evil.txt", "/input/data.txt");
        assertThat(Files.readString(input.resolve("data.txt"))).isEqualTo("original");
        assertThat(input.resolve("new.txt")).doesNotExist();
        assertThat(Files.readString(code.resolve("main.py"))).isEqualTo(script);
    }

    @Test
    void kernelAttackSurfaceSystemCallsAreRefused() throws IOException {
        Assumptions.assumeTrue(System.getProperty("os.arch").equals("amd64"), "x86_64 system call numbers");
        var result = runPython("""
                import ctypes, errno
                libc = ctypes.CDLL(None, use_errno=True)
                calls = {"unshare(CLONE_NEWUSER)": (272, 0x10000000), "keyctl": (250, 0, 0),
                         "bpf": (321, 0, 0, 0), "userfaultfd": (323, 0), "perf_event_open": (298, 0, 0, 0, 0, 0),
                         "mount": (165, 0, 0, 0, 0, 0)}
                for name, (nr, *args) in calls.items():
                    ctypes.set_errno(0)
                    r = libc.syscall(nr, *args)
                    print(name, "ALLOWED" if r >= 0 else errno.errorcode[ctypes.get_errno()])
                """, SMALL);

        assertThat(result.isOk()).as(result.stderrTail()).isTrue();
        assertThat(result.stdoutTail()).doesNotContain("ALLOWED")
                .contains("unshare(CLONE_NEWUSER) EPERM", "keyctl EPERM", "bpf EPERM", "userfaultfd EPERM",
                        "perf_event_open EPERM", "mount EPERM");
    }

    @Test
    void environmentHoldsNothingOfTheHost() throws IOException {
        String secret = System.getenv(SECRET_VARIABLE);
        assertThat(secret).as("failsafe must set " + SECRET_VARIABLE + " for this test").isNotBlank();
        var result = runPython("""
                import json, os
                print(json.dumps(dict(os.environ)))
                """, SMALL);

        assertThat(result.isOk()).as(result.stderrTail()).isTrue();
        @SuppressWarnings("unchecked")
        Map<String, String> env = new com.fasterxml.jackson.databind.ObjectMapper()
                .readValue(result.stdoutTail().strip(), Map.class);
        var fixed = Set.of("PATH", "HOME", "LANG", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                "NUMEXPR_NUM_THREADS", "PYTHONDONTWRITEBYTECODE");
        // Set by bwrap (--chdir) or Docker from the container itself, never taken from the host.
        var setByTheSandbox = Set.of("PWD", "HOSTNAME", "LC_CTYPE");
        assertThat(env.keySet()).containsAll(fixed);
        assertThat(env.keySet()).allMatch(k -> fixed.contains(k) || setByTheSandbox.contains(k), "only fixed variables");
        assertThat(env).containsEntry("PATH", "/usr/bin:/bin").containsEntry("HOME", "/tmp")
                .containsEntry("OMP_NUM_THREADS", "1");
        assertThat(env.values()).noneMatch(v -> v.contains(secret));
        assertThat(result.stdoutTail()).doesNotContain(secret).doesNotContain(SECRET_VARIABLE);
    }

    @Test
    void gigabyteStdoutFloodIsCappedWithoutGrowingTheHeap() throws IOException {
        long heapBefore = usedHeapAfterGc();
        var limits = SMALL.toBuilder().wallTimeout(Duration.ofSeconds(60)).build();
        var result = runPython("""
                import sys
                block = b"x" * (1 << 20)
                for _ in range(1024):
                    sys.stdout.buffer.write(block)
                """, limits);

        assertThat(result.outcome()).isEqualTo(new SandboxOutcome.OutputLimit(limits.outputCapBytes()));
        assertThat(result.stdoutTail()).hasSizeLessThanOrEqualTo(limits.streamTailBytes()).matches("x+");
        assertThat(usedHeapAfterGc() - heapBefore).isLessThan(64L << 20);
    }

    @Test
    void oneOutputFileOverTheCapIsOutputLimit() throws IOException {
        var limits = SMALL.toBuilder().outputCapBytes(1L << 20).build();
        var result = runPython("""
                with open("/output/big.bin", "wb") as f:
                    for _ in range(8):
                        f.write(b"\\0" * (512 << 10))
                """, limits);

        assertThat(result.outcome()).isEqualTo(new SandboxOutcome.OutputLimit(1L << 20));
    }

    @Test
    void manySmallOutputFilesOverTheCapAreOutputLimit() throws IOException {
        var limits = SMALL.toBuilder().outputCapBytes(1L << 20).build();
        var result = runPython("""
                for i in range(16):
                    with open(f"/output/part{i}.bin", "wb") as f:
                        f.write(b"\\0" * (256 << 10))
                """, limits);

        assertThat(result.outcome()).isEqualTo(new SandboxOutcome.OutputLimit(1L << 20));
    }

    @Test
    void millionEmptyOutputFilesAreOutputLimitQuickly() throws IOException {
        var limits = SMALL.toBuilder().wallTimeout(Duration.ofSeconds(60)).build();
        var result = runPython("""
                for i in range(1_000_000):
                    open(f"/output/f{i}", "w").close()
                print("ALL WRITTEN")
                """, limits);

        assertThat(limits.outputCapFiles()).isEqualTo(1000);
        assertThat(result.outcome()).isEqualTo(new SandboxOutcome.OutputFileLimit(1000));
        assertThat(result.status()).isEqualTo("OUTPUT_LIMIT");
        assertThat(result.stdoutTail()).doesNotContain("ALL WRITTEN");
        // Polled every 100 ms: stopped long before the time limit and the millionth file.
        assertThat(result.wall()).isLessThan(Duration.ofSeconds(5));
        try (Stream<Path> files = Files.list(output)) {
            assertThat(files.count()).isGreaterThan(1000).isLessThan(200_000);
        }
    }

    @Test
    void nestedOutputDirectoriesCountAgainstTheFileCap() throws IOException {
        var limits = SMALL.toBuilder().outputCapFiles(50).build();
        var result = runPython("""
                import os
                path = "/output"
                for i in range(200):
                    path = os.path.join(path, "d")
                    os.mkdir(path)
                import time; time.sleep(5)
                """, limits);

        assertThat(result.outcome()).isEqualTo(new SandboxOutcome.OutputFileLimit(50));
        assertThat(result.wall()).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void aProgramCopiedToTmpCannotBeExecuted() throws IOException {
        var result = runPython("""
                import os, shutil, subprocess
                opts = [l.split()[3] for l in open("/proc/self/mounts") if l.split()[1] == "/tmp"]
                print("TMP OPTIONS", opts[-1])
                shutil.copy("/usr/bin/true", "/tmp/true")
                os.chmod("/tmp/true", 0o755)
                try:
                    subprocess.run(["/tmp/true"], check=True)
                    print("EXECUTED")
                except PermissionError as e:
                    print("REFUSED", e.errno)
                """, SMALL);

        assertThat(result.isOk()).as(result.stderrTail()).isTrue();
        assertThat(result.stdoutTail()).contains("REFUSED 13").doesNotContain("EXECUTED");
        String options = result.stdoutTail().lines().filter(l -> l.startsWith("TMP OPTIONS")).findFirst().orElseThrow();
        assertThat(options.substring("TMP OPTIONS ".length()).split(",")).contains("noexec", "nosuid", "nodev");
    }

    @Test
    void writingPastTheTmpfsSizeFailsWithNoSpaceLeft() throws IOException {
        var limits = SMALL.toBuilder().tmpfsBytes(8L << 20).build();
        var result = runPython("""
                import errno
                written = 0
                try:
                    with open("/tmp/fill", "wb", buffering=0) as f:
                        while True:
                            f.write(b"\\0" * (1 << 20))
                            written += 1
                except OSError as e:
                    print("FULL", errno.errorcode[e.errno], written)
                """, limits);

        assertThat(result.isOk()).as(result.stderrTail()).isTrue();
        assertThat(result.stdoutTail().strip()).isEqualTo("FULL ENOSPC 8");
    }

    @Test
    void reportsCpuTimeAndPeakMemory() throws IOException {
        var result = runPython("""
                import time
                block = bytearray(96 << 20)
                for i in range(0, len(block), 4096):
                    block[i] = 1
                end = time.process_time() + 1.5
                while time.process_time() < end:
                    pass
                """, SMALL);

        assertThat(result.isOk()).as(result.stderrTail()).isTrue();
        assertThat(result.cpu()).isGreaterThan(Duration.ofMillis(500));
        assertThat(result.peakMemoryBytes()).isGreaterThan(64L << 20);
    }

    @Test
    void concurrentRunsAreIsolatedFromEachOther() throws Exception {
        var futures = new ArrayList<CompletableFuture<SandboxResult>>();
        var outputs = new ArrayList<Path>();
        for (int i = 0; i < 3; i++) {
            Path runCode = Files.createDirectories(tmp.resolve("code" + i));
            Path runOutput = Files.createDirectories(tmp.resolve("output" + i));
            outputs.add(runOutput);
            Files.writeString(runCode.resolve("main.py"), """
                    import os, time
                    time.sleep(0.5)
                    seen = ",".join(sorted(os.listdir("/output")))
                    open("/output/who.txt", "w").write("run %d saw " + seen)
                    """.formatted(i));
            var task = SandboxTask.python(runCode, "main.py").outputDir(runOutput).limits(SMALL).build();
            futures.add(CompletableFuture.supplyAsync(() -> sandbox.run(task)));
        }
        for (int i = 0; i < 3; i++) {
            SandboxResult result = futures.get(i).get(60, TimeUnit.SECONDS);
            assertThat(result.isOk()).as(result.stderrTail()).isTrue();
            assertThat(Files.readString(outputs.get(i).resolve("who.txt"))).isEqualTo("run " + i + " saw ");
        }
    }

    @Test
    void closingTheSandboxMidRunKillsTheProgramAndCleansUp() throws Exception {
        Sandbox second = createSandbox();
        Files.writeString(code.resolve("main.py"), "import time; time.sleep(60)");
        var task = SandboxTask.python(code, "main.py").outputDir(output).limits(SMALL).build();
        var running = CompletableFuture.supplyAsync(() -> second.run(task));
        await().atMost(Duration.ofSeconds(10)).until(() -> sandboxUserProcessesNotOfOthers().size() > sandboxUserProcessesBefore);

        second.close();
        SandboxResult result = running.get(20, TimeUnit.SECONDS);

        assertThat(result.outcome()).isInstanceOf(SandboxOutcome.SandboxError.class);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(sandboxUserProcessesNotOfOthers()).hasSizeLessThanOrEqualTo((int) sandboxUserProcessesBefore));
    }

    // --- helpers -----------------------------------------------------------------------------------

    static long usedHeapAfterGc() {
        var memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    static List<Long> allProcessIds() {
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong).toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
    }

    /**
     * Host processes running as the sandbox user (containers without user namespaces show their uid as
     * is), except those inside another JVM's sandbox runs or another engine's containers: the host may be
     * shared. A process of ours cannot leave its run's cgroup (uid 65534 may not write cgroup files), so
     * an escapee would still be counted here.
     */
    static List<Long> sandboxUserProcessesNotOfOthers() {
        String ours = "/run-" + ProcessHandle.current().pid() + "-";
        var found = new ArrayList<Long>();
        for (long pid : allProcessIds()) {
            try {
                boolean sandboxUser = false;
                boolean zombie = false;
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                    if (line.startsWith("State:")) {
                        zombie = line.contains("Z (zombie)");
                    }
                    if (line.startsWith("Uid:")) {
                        sandboxUser = line.split("\\s+")[1].equals(Integer.toString(SANDBOX_UID));
                        break;
                    }
                }
                // A zombie has exited and holds nothing; reaping it is its parent's (or init's) business.
                if (!sandboxUser || zombie) {
                    continue;
                }
                String cgroups = Files.readString(Path.of("/proc", Long.toString(pid), "cgroup"));
                boolean ofOthers = !cgroups.contains(ours)
                        && (cgroups.contains("/codec-lab") || cgroups.contains("/docker/"));
                if (!ofOthers) {
                    found.add(pid);
                }
            } catch (IOException e) {
                // The process exited between listing and reading: it is not there any more.
                continue;
            }
        }
        return found;
    }
}
