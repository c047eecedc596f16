package io.codeclab.sandbox.internal;

import io.codeclab.sandbox.SandboxLimits;
import io.codeclab.sandbox.SandboxOutcome;
import io.codeclab.sandbox.SandboxResult;
import io.codeclab.sandbox.SandboxTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The run bookkeeping both backends share: unique run names, the runs in progress, their wall-clock
 * timers, watching {@code /output} while a run lasts, and closing (kill what still runs, then wait for the
 * runs' own threads to clean up). The backend keeps only what is its own: how to start, wait for and kill
 * one run.
 */
public final class ActiveRuns {

    private static final Logger LOG = LoggerFactory.getLogger(ActiveRuns.class);
    /** How often {@code /output} is measured while a program runs. */
    static final long POLL_MILLIS = 100;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(15);
    /** JVM-wide: run names (and so cgroup names) must be unique across sandbox instances too. */
    private static final AtomicLong RUN_COUNTER = new AtomicLong();

    private final String backend;
    private final ScheduledExecutorService timers;
    private final Set<RunState> active = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** @param backend {@code docker} or {@code bwrap}: names the timer thread and goes into messages */
    public ActiveRuns(String backend) {
        this.backend = backend;
        this.timers = Executors.newScheduledThreadPool(1, r -> {
            var t = new Thread(r, backend + "-sandbox-timer");
            t.setDaemon(true);
            return t;
        });
    }

    /** {@code run-<pid>-<n>}: unique in this JVM, and the pid tells other JVMs whose leftover it is. */
    public static String newRunName() {
        return "run-" + ProcessHandle.current().pid() + "-" + RUN_COUNTER.incrementAndGet();
    }

    /** @throws IllegalStateException once the sandbox is closed */
    public void requireOpen() {
        if (closed.get()) {
            throw new IllegalStateException("this " + backend + " sandbox is closed");
        }
    }

    /** Registers a run so that {@link #close()} kills it and waits for its cleanup. */
    public void add(RunState run) {
        active.add(run);
    }

    /** The run's own thread finished its cleanup. */
    public void remove(RunState run) {
        active.remove(run);
    }

    /** Kills the run on the timer thread: for callers (stream readers) that must not block. */
    public void killSoon(RunState run) {
        timers.execute(run::kill);
    }

    /**
     * Waits for the program to end while the wall-clock timer runs and {@code /output} is measured every
     * {@value #POLL_MILLIS} ms (a run past a cap is killed at once, not at its time limit). Marks the run
     * finished, so a timer firing late cannot turn it into a TIMEOUT.
     */
    public void awaitEnd(RunState run, SandboxTask task, ExitWait exit) throws InterruptedException {
        SandboxLimits limits = task.limits();
        var timer = timers.schedule(run::timeOut, limits.wallTimeout().toNanos(), TimeUnit.NANOSECONDS);
        while (!exit.ended(POLL_MILLIS)) {
            if (OutputCaps.exceeded(run, task)) {
                run.kill();
            }
        }
        run.finish();
        timer.cancel(false);
    }

    /** A last look at {@code /output} after the exit: the program may have written after the last poll. */
    public void checkOutputAfterExit(RunState run, SandboxTask task) {
        OutputCaps.exceeded(run, task);
    }

    /** A SANDBOX_ERROR result (logged), never blamed on the program. */
    public SandboxResult error(String reason, long startedNanos) {
        LOG.warn("{} sandbox error: {}", backend, reason);
        return new SandboxResult(new SandboxOutcome.SandboxError(reason), -1,
                Duration.ofNanos(System.nanoTime() - startedNanos), Duration.ZERO, 0, "", "", backend);
    }

    /**
     * Closes once: kills every run in progress (marking it closed mid-run), waits up to 15 s for their
     * threads to remove what they created, and stops the timers. The backend releases its own resources
     * afterwards.
     *
     * @return false when it was closed already (the caller has nothing more to do)
     */
    public boolean close() {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        for (RunState run : active) {
            run.closedMidRun.set(true);
            run.kill();
        }
        if (!awaitDrained(CLOSE_WAIT)) {
            LOG.warn("{} {} sandbox run(s) still cleaning up after {} s; closing anyway", active.size(), backend,
                    CLOSE_WAIT.toSeconds());
        }
        timers.shutdownNow();
        return true;
    }

    /** Waits until no run is registered, at most {@code timeout}; keeps the thread's interrupt status. */
    private boolean awaitDrained(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!active.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return active.isEmpty();
    }

    /** How a backend waits for its program: true once it ended, false when {@code millis} passed first. */
    @FunctionalInterface
    public interface ExitWait {
        boolean ended(long millis) throws InterruptedException;
    }
}
