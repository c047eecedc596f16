package io.codeclab.orchestrator.daemon;

import io.codeclab.orchestrator.experiment.ExperimentRecord;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled loop: one experiment, then a fixed delay, until stopped or the maximum is reached. An
 * experiment that fails inside the orchestrator is logged and the loop goes on; {@link #stop()} (called on
 * SIGTERM) lets the running experiment finish and starts no new one. While the on/off switch reads off,
 * the loop idles. Every cycle, on or off, starts with housekeeping (abandoning experiments whose lease ran
 * out), so a crashed experiment is not left looking alive.
 */
public final class Daemon {

    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    private final Supplier<ExperimentRecord> experiment;
    private final Runnable housekeeping;
    private final Duration interval;
    private final int maxExperiments;
    private final BooleanSupplier enabled;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;
    private int completed;
    private int internalErrors;

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
        this.experiment = Objects.requireNonNull(experiment, "experiment");
        this.housekeeping = Objects.requireNonNull(housekeeping, "housekeeping");
        if (interval.isNegative()) {
            throw new IllegalArgumentException("interval must not be negative, was " + interval);
        }
        if (maxExperiments < 0) {
            throw new IllegalArgumentException("maxExperiments must not be negative, was " + maxExperiments);
        }
        this.interval = interval;
        this.maxExperiments = maxExperiments;
        this.enabled = enabled;
    }

    /** Runs until stopped or done; returns the number of experiments completed. */
    public int run() throws InterruptedException {
        LOG.info("daemon started: interval {}, {}", interval,
                maxExperiments == 0 ? "no maximum" : "at most " + maxExperiments + " experiments");
        while (!stopping && (maxExperiments == 0 || completed + internalErrors < maxExperiments)) {
            houseKeep();
            if (!enabled.getAsBoolean()) {
                LOG.info("daemon switched off (CODEC_LAB_ENABLED=false); checking again in {}", interval);
            } else {
                try {
                    var record = experiment.get();
                    completed++;
                    LOG.info("experiment {} ended {} ({} done)", record.id(), record.status(), completed);
                } catch (RuntimeException e) {
                    internalErrors++;
                    LOG.error("experiment failed inside the orchestrator ({} so far); continuing", internalErrors, e);
                }
            }
            if (stopping || (maxExperiments != 0 && completed + internalErrors >= maxExperiments)) {
                break;
            }
            if (stopped.await(interval.toMillis(), TimeUnit.MILLISECONDS)) {
                break;
            }
        }
        LOG.info("daemon stopped after {} experiment(s), {} internal error(s)", completed, internalErrors);
        return completed;
    }

    private void houseKeep() {
        try {
            housekeeping.run();
        } catch (RuntimeException e) {
            LOG.warn("housekeeping failed; trying again next cycle: {}", e.toString());
        }
    }

    public int internalErrors() {
        return internalErrors;
    }

    /** Asks the loop to end after the experiment in progress. */
    public void stop() {
        stopping = true;
        stopped.countDown();
    }
}
