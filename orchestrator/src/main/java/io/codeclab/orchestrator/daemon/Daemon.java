package io.codeclab.orchestrator.daemon;

import io.codeclab.orchestrator.experiment.ExperimentRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled loop: one experiment, then a fixed delay, until stopped or the maximum is reached. An
 * experiment that fails inside the orchestrator is logged and the loop goes on. While the on/off switch reads
 * off, the loop idles (said once in the log, when it changes). Every cycle, on or off, starts with housekeeping
 * (abandoning experiments whose lease ran out), so a crashed experiment is not left looking alive.
 *
 * <p>With {@code inFlight} above 1, that many lanes run the loop side by side, each with its own delay, so that
 * one experiment's proposal overlaps others' evaluation; the maximum counts experiments started by all lanes.
 *
 * <p>{@link #stop()} (SIGTERM) starts no new experiment and gives the running ones the stop grace period to
 * finish; after it, the {@code abandon} action marks them ABANDONED and {@link #run()} returns without waiting
 * further (each experiment runs on its own daemon thread, so the process can exit while one is stuck).
 */
public final class Daemon {

    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    /** What the loop is doing now, for {@code /healthz}. */
    public enum State { STARTING, RUNNING_EXPERIMENT, WAITING, SWITCHED_OFF, STOPPING, STOPPED }

    /** A snapshot for health reports. {@code lastSwitch} is null before the first cycle. */
    public record Status(State state, OnOffSwitch.Reading lastSwitch, int completed, int internalErrors,
                         Instant startedAt) {
    }

    /** Told what the loop does: the metrics listen here. Listeners must not throw. */
    public interface Listener {
        default void experimentEnded(ExperimentRecord record, Duration took) {
        }

        default void internalError(RuntimeException error, Duration took) {
        }
    }

    private final Supplier<ExperimentRecord> experiment;
    private final Runnable housekeeping;
    private final Duration interval;
    private final int maxExperiments;
    private final OnOffSwitch onOff;
    private final Duration stopGrace;
    private final Runnable abandon;
    private final Listener listener;
    private final int inFlight;
    private final Instant startedAt = Instant.now();
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile long stopRequestedNanos;
    private volatile State state = State.STARTING;
    private volatile OnOffSwitch.Reading lastSwitch;
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicInteger internalErrors = new AtomicInteger();

    private Daemon(Builder b) {
        this.experiment = Objects.requireNonNull(b.experiment, "experiment");
        this.housekeeping = b.housekeeping;
        this.interval = b.interval;
        this.maxExperiments = b.maxExperiments;
        this.onOff = b.onOff;
        this.stopGrace = b.stopGrace;
        this.abandon = b.abandon;
        this.listener = b.listener;
        this.inFlight = b.inFlight;
    }

    /**
     * @param maxExperiments stop after this many experiments; 0 means never
     */
    public Daemon(Supplier<ExperimentRecord> experiment, Duration interval, int maxExperiments,
                  BooleanSupplier enabled) {
        this(experiment, () -> { }, interval, maxExperiments, enabled);
    }

    /**
     * @param housekeeping run at the start of every cycle; a failure is logged and the cycle goes on
     * @param maxExperiments stop after this many experiments; 0 means never
     */
    public Daemon(Supplier<ExperimentRecord> experiment, Runnable housekeeping, Duration interval, int maxExperiments,
                  BooleanSupplier enabled) {
        this(builder(experiment).housekeeping(housekeeping).interval(interval).maxExperiments(maxExperiments)
                .onOff(() -> new OnOffSwitch.Reading(enabled.getAsBoolean(), "CODEC_LAB_ENABLED")));
    }

    public static Builder builder(Supplier<ExperimentRecord> experiment) {
        return new Builder(experiment);
    }

    /** Runs until stopped or done; returns the number of experiments completed. */
    public int run() throws InterruptedException {
        LOG.info("daemon started: interval {}, {}, {} in flight, stop grace {}", interval,
                maxExperiments == 0 ? "no maximum" : "at most " + maxExperiments + " experiments", inFlight, stopGrace);
        try {
            if (inFlight == 1) {
                lane();
            } else {
                runLanes();
            }
        } finally {
            state = State.STOPPED;
        }
        LOG.info("daemon stopped after {} experiment(s), {} internal error(s)", completed.get(), internalErrors.get());
        return completed.get();
    }

    private void runLanes() throws InterruptedException {
        var lanes = new ArrayList<Thread>();
        var failure = new AtomicReference<Throwable>();
        for (int i = 1; i <= inFlight; i++) {
            var lane = new Thread(() -> {
                try {
                    lane();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException | Error e) {
                    failure.compareAndSet(null, e);
                    stop();
                }
            }, "daemon-lane-" + i);
            lane.setDaemon(true);
            lanes.add(lane);
            lane.start();
        }
        try {
            for (var lane : lanes) {
                lane.join();
            }
        } catch (InterruptedException e) {
            lanes.forEach(Thread::interrupt);
            throw e;
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a daemon lane failed", failure.get());
        }
    }

    /** One lane: housekeeping, the switch, an experiment, the delay; until stopped or the maximum is started. */
    private void lane() throws InterruptedException {
        while (!stopping && !reachedMaximum()) {
            houseKeep();
            if (switchedOn()) {
                if (!takeTicket()) {
                    break;
                }
                if (!runOne()) {
                    break; // stopped and the grace period ran out
                }
            }
            if (stopping || reachedMaximum()) {
                break;
            }
            if (stopped.await(interval.toMillis(), TimeUnit.MILLISECONDS)) {
                break;
            }
        }
    }

    private boolean reachedMaximum() {
        return maxExperiments != 0 && started.get() >= maxExperiments;
    }

    /** Counts an experiment as started; false when the lanes together started the maximum already. */
    private boolean takeTicket() {
        return maxExperiments == 0 || started.incrementAndGet() <= maxExperiments;
    }

    private synchronized boolean switchedOn() {
        OnOffSwitch.Reading reading;
        try {
            reading = onOff.read();
        } catch (RuntimeException e) {
            reading = new OnOffSwitch.Reading(false, "switch unreadable: " + e.getMessage());
        }
        var previous = lastSwitch;
        lastSwitch = reading;
        if (!reading.on() && (previous == null || previous.on())) {
            LOG.warn("daemon switched off ({}): starting no experiments, checking again every {}", reading.source(),
                    interval);
        } else if (reading.on() && previous != null && !previous.on()) {
            LOG.info("daemon switched on again ({})", reading.source());
        }
        if (!stopping) {
            state = reading.on() ? State.WAITING : State.SWITCHED_OFF;
        }
        return reading.on();
    }

    /** Runs one experiment on its own thread; false when a stop's grace period ran out before it ended. */
    private boolean runOne() throws InterruptedException {
        running.incrementAndGet();
        try {
            return runOneCounted();
        } finally {
            running.decrementAndGet();
        }
    }

    private boolean runOneCounted() throws InterruptedException {
        long start = System.nanoTime();
        var future = new CompletableFuture<ExperimentRecord>();
        var worker = new Thread(() -> {
            try {
                future.complete(experiment.get());
            } catch (Throwable t) {
                future.completeExceptionally(t);
            }
        }, "experiment");
        worker.setDaemon(true);
        worker.start();
        while (true) {
            try {
                var record = future.get(100, TimeUnit.MILLISECONDS);
                int done = completed.incrementAndGet();
                LOG.info("experiment {} ended {} ({} done)", record.id(), record.status(), done);
                listener.experimentEnded(record, Duration.ofNanos(System.nanoTime() - start));
                return true;
            } catch (TimeoutException e) {
                if (stopping && System.nanoTime() - stopRequestedNanos > stopGrace.toNanos()) {
                    LOG.warn("the running experiment did not finish within the stop grace period {}: abandoning it",
                            stopGrace);
                    abandonRunning();
                    return false;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RuntimeException failure)) {
                    throw new IllegalStateException("experiment thread failed", e.getCause());
                }
                int errors = internalErrors.incrementAndGet();
                LOG.error("experiment failed inside the orchestrator ({} so far); continuing", errors, failure);
                listener.internalError(failure, Duration.ofNanos(System.nanoTime() - start));
                return true;
            }
        }
    }

    private void abandonRunning() {
        try {
            abandon.run();
        } catch (RuntimeException e) {
            LOG.error("could not mark the running experiment ABANDONED; its lease will run out and the next sweep"
                    + " marks it", e);
        }
    }

    private void houseKeep() {
        try {
            housekeeping.run();
        } catch (RuntimeException e) {
            LOG.warn("housekeeping failed; trying again next cycle: {}", e.toString());
        }
    }

    public int internalErrors() {
        return internalErrors.get();
    }

    public Status status() {
        return new Status(currentState(), lastSwitch, completed.get(), internalErrors.get(), startedAt);
    }

    /** RUNNING_EXPERIMENT while any lane runs one (and the daemon is not stopping). */
    private State currentState() {
        var s = state;
        return running.get() > 0 && (s == State.WAITING || s == State.STARTING) ? State.RUNNING_EXPERIMENT : s;
    }

    /** The last switch reading, if a cycle has read it. */
    public Optional<OnOffSwitch.Reading> lastSwitch() {
        return Optional.ofNullable(lastSwitch);
    }

    /** Starts no new experiment; the running one gets the stop grace period to finish. */
    public void stop() {
        if (!stopping) {
            stopRequestedNanos = System.nanoTime();
            stopping = true;
            if (running.get() > 0) {
                LOG.info("stopping: {} running experiment(s) have {} to finish", running.get(), stopGrace);
            }
            state = state == State.STOPPED ? State.STOPPED : State.STOPPING;
        }
        stopped.countDown();
    }

    /** How the daemon is assembled; only the experiment is required. */
    public static final class Builder {
        private final Supplier<ExperimentRecord> experiment;
        private Runnable housekeeping = () -> { };
        private Duration interval = Duration.ofMinutes(10);
        private int maxExperiments;
        private OnOffSwitch onOff = OnOffSwitch.alwaysOn();
        private Duration stopGrace = Duration.ofSeconds(60);
        private Runnable abandon = () -> { };
        private Listener listener = new Listener() {
        };
        private int inFlight = 1;

        private Builder(Supplier<ExperimentRecord> experiment) {
            this.experiment = Objects.requireNonNull(experiment, "experiment");
        }

        /** Run at the start of every cycle; a failure is logged and the cycle goes on. */
        public Builder housekeeping(Runnable housekeeping) {
            this.housekeeping = Objects.requireNonNull(housekeeping, "housekeeping");
            return this;
        }

        public Builder interval(Duration interval) {
            if (interval.isNegative()) {
                throw new IllegalArgumentException("interval must not be negative, was " + interval);
            }
            this.interval = interval;
            return this;
        }

        /** Stop after this many experiments (internal errors count); 0 means never. */
        public Builder maxExperiments(int maxExperiments) {
            if (maxExperiments < 0) {
                throw new IllegalArgumentException("maxExperiments must not be negative, was " + maxExperiments);
            }
            this.maxExperiments = maxExperiments;
            return this;
        }

        public Builder onOff(OnOffSwitch onOff) {
            this.onOff = Objects.requireNonNull(onOff, "onOff");
            return this;
        }

        /** After {@link #stop()}, how long the running experiment may go on before {@code abandon} runs. */
        public Builder stopGrace(Duration grace, Runnable abandon) {
            if (grace.isNegative()) {
                throw new IllegalArgumentException("stop grace must not be negative, was " + grace);
            }
            this.stopGrace = grace;
            this.abandon = Objects.requireNonNull(abandon, "abandon");
            return this;
        }

        /** How many experiments run at once (lanes of the loop); 1 runs them one after another. */
        public Builder inFlight(int inFlight) {
            if (inFlight < 1) {
                throw new IllegalArgumentException("at least one experiment must be allowed in flight, was " + inFlight);
            }
            this.inFlight = inFlight;
            return this;
        }

        public Builder listener(Listener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public Daemon build() {
            return new Daemon(this);
        }
    }
}
