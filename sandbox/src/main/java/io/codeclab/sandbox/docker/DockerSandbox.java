package io.codeclab.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.WaitResponse;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.codeclab.sandbox.Sandbox;
import io.codeclab.sandbox.SandboxException;
import io.codeclab.sandbox.SandboxLaunchException;
import io.codeclab.sandbox.SandboxLimits;
import io.codeclab.sandbox.SandboxOutcome;
import io.codeclab.sandbox.SandboxResult;
import io.codeclab.sandbox.SandboxTask;
import io.codeclab.sandbox.internal.RunRegistry;
import io.codeclab.sandbox.internal.RunState;
import io.codeclab.sandbox.internal.HostDirectories;
import io.codeclab.sandbox.internal.OutcomeClassifier;
import io.codeclab.sandbox.internal.OutputDirectoryGrant;
import io.codeclab.sandbox.internal.RunFacts;
import io.codeclab.sandbox.internal.TailBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Docker backend: one hardened container per run (see {@link DockerContainerSpec}), killed from
 * outside on the wall-clock limit and always removed. Create with {@link #create(String)}.
 */
public final class DockerSandbox implements Sandbox {

    private static final Logger LOG = LoggerFactory.getLogger(DockerSandbox.class);
    public static final String DEFAULT_DOCKER_HOST = "unix:///var/run/docker.sock";
    private static final long POLL_MILLIS = 100;
    private static final long ATTACH_TIMEOUT_SECONDS = 10;
    private static final long DRAIN_SECONDS = 10;
    private static final long STREAM_END_MILLIS = 2000;
    private static final long CLOSE_WAIT_SECONDS = 15;

    private final DockerClient client;
    private final String image;
    private final Optional<CgroupParentAccounting> accounting;
    /** JVM-wide: run names (and so cgroup names) must be unique across sandbox instances too. */
    private static final AtomicLong RUN_COUNTER = new AtomicLong();
    private final ScheduledExecutorService timers;
    private final Set<ActiveRun> active = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    private DockerSandbox(DockerClient client, String image, Optional<CgroupParentAccounting> accounting) {
        this.client = client;
        this.image = image;
        this.accounting = accounting;
        this.timers = Executors.newScheduledThreadPool(1, r -> {
            var t = new Thread(r, "docker-sandbox-timer");
            t.setDaemon(true);
            return t;
        });
    }

    /** Connects to the engine at {@code DOCKER_HOST} or /var/run/docker.sock and checks that {@code image} exists. */
    public static DockerSandbox create(String image) {
        return create(connect(dockerHost()), image);
    }

    /**
     * Uses an existing client (closed by {@link #close()}) and checks that the engine answers and {@code image} exists.
     *
     * @throws SandboxLaunchException when the engine does not answer or the image is missing, with the fix
     */
    public static DockerSandbox create(DockerClient client, String image) {
        try {
            client.pingCmd().exec();
        } catch (RuntimeException e) {
            closeQuietly(client);
            throw new SandboxLaunchException("no Docker engine answers at " + dockerHost()
                    + "; start one with scripts/start-docker-engine (" + e.getMessage() + ")", e);
        }
        try {
            client.inspectImageCmd(image).exec();
        } catch (NotFoundException e) {
            closeQuietly(client);
            throw new SandboxLaunchException("the runner image " + image
                    + " does not exist; build it with scripts/build-runner-image", e);
        }
        var accounting = CgroupParentAccounting.detect(client, dockerHost());
        var sandbox = new DockerSandbox(client, image, accounting);
        sandbox.removeLeftovers();
        LOG.info("docker sandbox ready (image {}, CPU and memory accounting from {})", image,
                accounting.isPresent() ? "per-run cgroup parents" : "the engine's stats stream");
        return sandbox;
    }

    /** Whether an engine answers and has the image, without creating anything; the reason when not. */
    public static java.util.Optional<String> unavailableReason(String image) {
        try (DockerClient client = connect(dockerHost())) {
            try {
                client.pingCmd().exec();
            } catch (RuntimeException e) {
                return java.util.Optional.of("no Docker engine answers at " + dockerHost() + " (" + e.getMessage() + ")");
            }
            try {
                client.inspectImageCmd(image).exec();
            } catch (NotFoundException e) {
                return java.util.Optional.of("the runner image " + image + " does not exist");
            }
            return java.util.Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("closing the Docker client failed", e);
        }
    }

    static String dockerHost() {
        String env = System.getenv("DOCKER_HOST");
        return env == null || env.isBlank() ? DEFAULT_DOCKER_HOST : env;
    }

    static DockerClient connect(String dockerHost) {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(dockerHost).build();
        var http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(64)
                .connectionTimeout(Duration.ofSeconds(5))
                .build();
        return DockerClientImpl.getInstance(config, http);
    }

    private static void closeQuietly(DockerClient client) {
        try {
            client.close();
        } catch (IOException e) {
            LOG.warn("closing the Docker client failed: {}", e.getMessage());
        }
    }

    /**
     * Containers of ours left by a JVM that died mid-run. Only when the engine is local can the owner's
     * pid be checked; a container whose owner is alive (or unknown) is never touched.
     */
    private void removeLeftovers() {
        if (!dockerHost().startsWith("unix://")) {
            return;
        }
        var ours = client.listContainersCmd().withShowAll(true)
                .withLabelFilter(java.util.List.of(DockerContainerSpec.LABEL)).exec();
        for (var c : ours) {
            String owner = c.getLabels() == null ? null : c.getLabels().get(DockerContainerSpec.OWNER_LABEL);
            if (owner != null && owner.chars().allMatch(Character::isDigit)
                    && ProcessHandle.of(Long.parseLong(owner)).isEmpty()) {
                LOG.info("removing container {} left by dead process {}", c.getId(), owner);
                remove(c.getId());
            }
        }
    }

    @Override
    public String backend() {
        return "docker";
    }

    @Override
    public SandboxResult run(SandboxTask task) {
        if (closed.get()) {
            throw new IllegalStateException("this docker sandbox is closed");
        }
        long started = System.nanoTime();
        // Registered before the container exists, so close() waits for this run's cleanup in any phase.
        var run = new ActiveRun();
        active.add(run);
        try {
            return prepareAndExecute(task, run, started);
        } catch (RuntimeException e) {
            run.kill();
            return error(run.closedMidRun.get() ? "the sandbox was closed while the program was running"
                    : e + (e.getCause() == null ? "" : " caused by " + e.getCause()), started);
        } finally {
            active.remove(run);
        }
    }

    private SandboxResult prepareAndExecute(SandboxTask task, ActiveRun run, long started) {
        OutputDirectoryGrant outputGrant;
        try {
            HostDirectories.makeReadableByOthers(task.codeDir());
            task.inputDir().ifPresent(HostDirectories::makeReadableByOthers);
            outputGrant = OutputDirectoryGrant.grant(task.outputDir());
        } catch (RuntimeException e) {
            return error("cannot prepare the task's directories: " + e.getMessage(), started);
        }
        String runName = "run-" + ProcessHandle.current().pid() + "-" + RUN_COUNTER.incrementAndGet();
        var hostConfig = DockerContainerSpec.hostConfig(task);
        accounting.ifPresent(a -> hostConfig.withCgroupParent(a.parentOf(runName)));
        var stats = new StatsCollector();
        try {
            try {
                run.id = client.createContainerCmd(image)
                        .withUser(DockerContainerSpec.USER)
                        .withEnv(DockerContainerSpec.environment(task.limits()))
                        .withWorkingDir(DockerContainerSpec.WORKING_DIR)
                        .withEntrypoint(task.command())
                        .withNetworkDisabled(true)
                        .withAttachStdout(true)
                        .withAttachStderr(true)
                        .withLabels(DockerContainerSpec.labels(ProcessHandle.current().pid()))
                        .withHostConfig(hostConfig)
                        .exec().getId();
            } catch (DockerException e) {
                return error("cannot create the container: " + e.getMessage(), started);
            }
            if (run.closedMidRun.get()) {
                return error("the sandbox was closed while the program was starting", started);
            }
            SandboxResult result = execute(task, run, stats, started);
            if (accounting.isPresent() && !(result.outcome() instanceof SandboxOutcome.SandboxError)) {
                var a = accounting.get();
                result = new SandboxResult(result.outcome(), result.exitCode(), result.wall(), a.cpuTime(runName),
                        a.peakMemoryBytes(runName), result.stdoutTail(), result.stderrTail(), result.backend());
            }
            return result;
        } finally {
            if (run.id != null) {
                remove(run.id);
            }
            // The engine ends the stats stream once the container is gone; closing it ourselves while
            // docker-java reads makes it print a stack trace.
            endStream(stats);
            outputGrant.close();
            try {
                accounting.ifPresent(a -> a.remove(runName));
            } catch (RuntimeException e) {
                LOG.error("cannot remove the cgroup parent of {}: {}", runName, e.getMessage());
            }
        }
    }

    private SandboxResult execute(SandboxTask task, ActiveRun run, StatsCollector stats, long started) {
        SandboxLimits limits = task.limits();
        var stdout = new TailBuffer(limits.streamTailBytes());
        var stderr = new TailBuffer(limits.streamTailBytes());
        var streamTotal = new AtomicLong();
        var attached = new CountDownLatch(1);
        var attach = new StreamEndWatcher<Frame>() {
            @Override
            public void onStart(java.io.Closeable stream) {
                super.onStart(stream);
                attached.countDown();
            }

            @Override
            public void onNext(Frame frame) {
                byte[] payload = frame.getPayload();
                (frame.getStreamType() == StreamType.STDERR ? stderr : stdout).write(payload, 0, payload.length);
                if (streamTotal.addAndGet(payload.length) > limits.outputCapBytes()
                        && run.outputExceeded.compareAndSet(false, true)) {
                    timers.execute(run::kill);
                }
            }
        };
        try {
            client.attachContainerCmd(run.id).withStdOut(true).withStdErr(true).withFollowStream(true)
                    .exec(attach);
            if (!attached.await(ATTACH_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                return error("attaching to the container did not start within " + ATTACH_TIMEOUT_SECONDS + " s", started);
            }
            client.startContainerCmd(run.id).exec();
            if (accounting.isEmpty()) {
                client.statsCmd(run.id).exec(stats);
            } else {
                stats.onComplete();
            }
            var timer = timers.schedule(run::timeOut, limits.wallTimeout().toNanos(), TimeUnit.NANOSECONDS);
            var wait = client.waitContainerCmd(run.id).exec(new ExitWatcher());
            while (!wait.ended(POLL_MILLIS)) {
                if (HostDirectories.sizeUpTo(task.outputDir(), limits.outputCapBytes()) > limits.outputCapBytes()) {
                    run.outputExceeded.set(true);
                    run.kill();
                }
            }
            run.finish();
            timer.cancel(false);
            Duration wall = Duration.ofNanos(System.nanoTime() - started);
            // Rethrows what ended the wait if it was an error rather than the container's exit.
            wait.requireExit();
            if (!attach.ended(DRAIN_SECONDS * 1000)) {
                LOG.warn("container {} streams still open {} s after it exited", run.id, DRAIN_SECONDS);
            }
            if (HostDirectories.sizeUpTo(task.outputDir(), limits.outputCapBytes()) > limits.outputCapBytes()) {
                run.outputExceeded.set(true);
            }
            var state = client.inspectContainerCmd(run.id).exec().getState();
            int exitCode = state.getExitCodeLong() == null ? -1 : state.getExitCodeLong().intValue();
            var facts = new RunFacts(exitCode, run.timedOut.get(), Boolean.TRUE.equals(state.getOOMKilled()),
                    run.outputExceeded.get(), run.closedMidRun.get());
            return new SandboxResult(OutcomeClassifier.classify(facts, limits), exitCode, wall,
                    stats.cpu(), stats.peakMemory(), stdout.tailText(), stderr.tailText(), backend());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.kill();
            return error("interrupted while waiting for the container", started);
        } catch (RuntimeException e) {
            run.kill();
            if (run.closedMidRun.get()) {
                return error("the sandbox was closed while the program was running", started);
            }
            return error(e + (e.getCause() == null ? "" : " caused by " + e.getCause()), started);
        } finally {
            endStream(attach);
        }
    }

    /** Gives a stream a moment to end by itself, then closes it. */
    private static void endStream(StreamEndWatcher<?> stream) {
        try {
            if (stream.ended(STREAM_END_MILLIS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            stream.close();
        } catch (IOException e) {
            LOG.warn("closing a Docker stream failed: {}", e.getMessage());
        }
    }

    private void remove(String id) {
        try {
            client.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException e) {
            // Already gone: nothing to remove.
            LOG.debug("container {} was already removed", id);
        } catch (ConflictException e) {
            // 409 "removal already in progress": close() and the run's own cleanup raced; it goes either way.
            LOG.debug("container {} is already being removed: {}", id, e.getMessage());
        } catch (DockerException | IllegalStateException e) {
            // IllegalStateException: the client was closed under us; the container is then left for removeLeftovers.
            LOG.error("cannot remove container {}: {}", id, e.getMessage());
        }
    }

    private SandboxResult error(String reason, long started) {
        LOG.warn("docker sandbox error: {}", reason);
        return new SandboxResult(new SandboxOutcome.SandboxError(reason), -1,
                Duration.ofNanos(System.nanoTime() - started), Duration.ZERO, 0, "", "", backend());
    }


    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (ActiveRun run : active) {
            run.closedMidRun.set(true);
            run.kill();
        }
        // The runs' own threads still need the client to finish their cleanup.
        RunRegistry.awaitDrained(active, Duration.ofSeconds(CLOSE_WAIT_SECONDS));
        if (!active.isEmpty()) {
            LOG.warn("{} sandbox run(s) still cleaning up after {} s; closing the Docker client anyway",
                    active.size(), CLOSE_WAIT_SECONDS);
        }
        timers.shutdownNow();
        accounting.ifPresent(CgroupParentAccounting::removeRootIfEmpty);
        closeQuietly(client);
    }

    /**
     * Signals the end of a stream through its own latch: docker-java's {@code awaitCompletion(timeout)}
     * interrupts the reading thread when it times out, which kills the stream (seen with 3.7.1).
     */
    private static class StreamEndWatcher<T> extends ResultCallback.Adapter<T> {
        private final CountDownLatch end = new CountDownLatch(1);
        private volatile Throwable failure;

        @Override
        public void onError(Throwable throwable) {
            failure = throwable;
            end.countDown();
            super.onError(throwable);
        }

        @Override
        public void onComplete() {
            end.countDown();
            super.onComplete();
        }

        boolean ended(long millis) throws InterruptedException {
            return end.await(millis, TimeUnit.MILLISECONDS);
        }

        Throwable failure() {
            return failure;
        }
    }

    /** The container's exit from the engine's wait endpoint. */
    private static final class ExitWatcher extends StreamEndWatcher<WaitResponse> {
        private volatile Integer statusCode;

        @Override
        public void onNext(WaitResponse response) {
            statusCode = response.getStatusCode();
        }

        void requireExit() {
            if (statusCode == null) {
                throw new SandboxException("waiting for the container ended without its exit status"
                        + (failure() == null ? "" : ": " + failure()), failure());
            }
        }
    }

    /** Peak memory and CPU time from the engine's stats stream (its last sample before the exit). */
    private static final class StatsCollector extends StreamEndWatcher<Statistics> {
        private final AtomicLong peak = new AtomicLong();
        private final AtomicLong cpuNanos = new AtomicLong();

        @Override
        public void onNext(Statistics s) {
            if (s.getMemoryStats() != null && s.getMemoryStats().getMaxUsage() != null) {
                peak.accumulateAndGet(s.getMemoryStats().getMaxUsage(), Math::max);
            } else if (s.getMemoryStats() != null && s.getMemoryStats().getUsage() != null) {
                peak.accumulateAndGet(s.getMemoryStats().getUsage(), Math::max);
            }
            if (s.getCpuStats() != null && s.getCpuStats().getCpuUsage() != null
                    && s.getCpuStats().getCpuUsage().getTotalUsage() != null) {
                cpuNanos.accumulateAndGet(s.getCpuStats().getCpuUsage().getTotalUsage(), Math::max);
            }
        }

        long peakMemory() {
            return peak.get();
        }

        Duration cpu() {
            return Duration.ofNanos(cpuNanos.get());
        }
    }

    private final class ActiveRun extends RunState {
        /** Null until the container exists. */
        volatile String id;

        @Override
        public void kill() {
            String container = id;
            if (container == null) {
                return;
            }
            try {
                client.killContainerCmd(container).exec();
            } catch (NotFoundException e) {
                LOG.debug("container {} already gone when killing it", id);
            } catch (DockerException e) {
                // 409: it is not running any more, which is what we wanted.
                LOG.debug("killing container {}: {}", id, e.getMessage());
            }
        }
    }
}
