package io.codeclab.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import io.codeclab.sandbox.Sandbox;
import io.codeclab.sandbox.SandboxLimits;
import io.codeclab.sandbox.SandboxOutcome;
import io.codeclab.sandbox.SandboxException;
import io.codeclab.sandbox.SandboxResult;
import io.codeclab.sandbox.SandboxTask;
import io.codeclab.sandbox.internal.ActiveRuns;
import io.codeclab.sandbox.internal.RunState;
import io.codeclab.sandbox.internal.HostDirectories;
import io.codeclab.sandbox.internal.OutcomeClassifier;
import io.codeclab.sandbox.internal.OutputDirectoryGrant;
import io.codeclab.sandbox.internal.TailBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Docker backend: one hardened container per run (see {@link DockerContainerSpec}), killed from
 * outside on the wall-clock limit and always removed. Create with {@link #create(String)}.
 */
public final class DockerSandbox implements Sandbox {

    private static final Logger LOG = LoggerFactory.getLogger(DockerSandbox.class);
    public static final String DEFAULT_DOCKER_HOST = DockerEngine.DEFAULT_DOCKER_HOST;
    private static final long ATTACH_TIMEOUT_SECONDS = 10;
    private static final long DRAIN_SECONDS = 10;
    private static final long STREAM_END_MILLIS = 2000;

    private final DockerClient client;
    private final String image;
    private final Optional<CgroupParentAccounting> accounting;
    private final ActiveRuns runs = new ActiveRuns("docker");

    private DockerSandbox(DockerClient client, String image, Optional<CgroupParentAccounting> accounting) {
        this.client = client;
        this.image = image;
        this.accounting = accounting;
    }

    /**
     * Connects to the engine at {@code DOCKER_HOST} or /var/run/docker.sock and checks that {@code image} exists.
     *
     * @throws DockerUnavailableException when no engine answers or the image is missing, with the fix
     */
    public static DockerSandbox create(String image) {
        return create(connect(dockerHost()), image);
    }

    /**
     * Uses an existing client (closed by {@link #close()}) and checks that the engine answers and {@code image} exists.
     *
     * @throws DockerUnavailableException when the engine does not answer or the image is missing, with the fix
     */
    public static DockerSandbox create(DockerClient client, String image) {
        var problem = DockerEngine.probe(client, image);
        if (problem.isPresent()) {
            closeQuietly(client);
            throw problem.get();
        }
        var accounting = CgroupParentAccounting.detect(client, dockerHost());
        var sandbox = new DockerSandbox(client, image, accounting);
        sandbox.removeLeftovers();
        LOG.info("docker sandbox ready (image {}, CPU and memory accounting from {})", image,
                accounting.isPresent() ? "per-run cgroup parents" : "the engine's stats stream");
        return sandbox;
    }

    /** Whether an engine answers and has the image, without creating anything; the reason when not. */
    public static Optional<String> unavailableReason(String image) {
        try (DockerClient client = connect(dockerHost())) {
            return DockerEngine.probe(client, image).map(DockerUnavailableException::reason);
        } catch (IOException e) {
            throw new UncheckedIOException("closing the Docker client failed", e);
        }
    }

    static String dockerHost() {
        return DockerEngine.host();
    }

    static DockerClient connect(String dockerHost) {
        return DockerEngine.connect(dockerHost);
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
        // Their per-run cgroup parents stay behind too (the engine never removes a parent it was given).
        try {
            accounting.ifPresent(CgroupParentAccounting::removeRunsOfDeadProcesses);
        } catch (SandboxException e) {
            // Empty cgroups cost nothing but a directory: not a reason to refuse runs.
            LOG.warn("could not remove the cgroups of dead runs ({}); they stay until a later start", e.getMessage());
        }
    }

    @Override
    public String backend() {
        return "docker";
    }

    @Override
    public SandboxResult run(SandboxTask task) {
        runs.requireOpen();
        long started = System.nanoTime();
        // Registered before the container exists, so close() waits for this run's cleanup in any phase.
        var run = new ActiveRun();
        runs.add(run);
        try {
            return prepareAndExecute(task, run, started);
        } catch (RuntimeException e) {
            run.kill();
            return runs.error(run.closedMidRun.get() ? "the sandbox was closed while the program was running"
                    : e + (e.getCause() == null ? "" : " caused by " + e.getCause()), started);
        } finally {
            runs.remove(run);
        }
    }

    private SandboxResult prepareAndExecute(SandboxTask task, ActiveRun run, long started) {
        OutputDirectoryGrant outputGrant;
        try {
            outputGrant = HostDirectories.prepareFor(task);
        } catch (RuntimeException e) {
            return runs.error("cannot prepare the task's directories: " + e.getMessage(), started);
        }
        String runName = ActiveRuns.newRunName();
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
                return runs.error("cannot create the container: " + e.getMessage(), started);
            }
            if (run.closedMidRun.get()) {
                return runs.error("the sandbox was closed while the program was starting", started);
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
                    runs.killSoon(run);
                }
            }
        };
        try {
            client.attachContainerCmd(run.id).withStdOut(true).withStdErr(true).withFollowStream(true)
                    .exec(attach);
            if (!attached.await(ATTACH_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                return runs.error("attaching to the container did not start within " + ATTACH_TIMEOUT_SECONDS + " s", started);
            }
            client.startContainerCmd(run.id).exec();
            if (accounting.isEmpty()) {
                client.statsCmd(run.id).exec(stats);
            } else {
                stats.onComplete();
            }
            var wait = client.waitContainerCmd(run.id).exec(new ExitWatcher());
            runs.awaitEnd(run, task, wait::ended);
            Duration wall = Duration.ofNanos(System.nanoTime() - started);
            // Rethrows what ended the wait if it was an error rather than the container's exit.
            wait.requireExit();
            if (!attach.ended(DRAIN_SECONDS * 1000)) {
                LOG.warn("container {} streams still open {} s after it exited", run.id, DRAIN_SECONDS);
            }
            runs.checkOutputAfterExit(run, task);
            var state = client.inspectContainerCmd(run.id).exec().getState();
            int exitCode = state.getExitCodeLong() == null ? -1 : state.getExitCodeLong().intValue();
            var facts = run.facts(exitCode, Boolean.TRUE.equals(state.getOOMKilled()));
            return new SandboxResult(OutcomeClassifier.classify(facts, limits), exitCode, wall,
                    stats.cpu(), stats.peakMemory(), stdout.tailText(), stderr.tailText(), backend());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.kill();
            return runs.error("interrupted while waiting for the container", started);
        } catch (RuntimeException e) {
            run.kill();
            if (run.closedMidRun.get()) {
                return runs.error("the sandbox was closed while the program was running", started);
            }
            return runs.error(e + (e.getCause() == null ? "" : " caused by " + e.getCause()), started);
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

    @Override
    public void close() {
        // The runs' own threads still need the client to finish their cleanup: it is closed last.
        if (!runs.close()) {
            return;
        }
        accounting.ifPresent(CgroupParentAccounting::removeRootIfEmpty);
        closeQuietly(client);
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
