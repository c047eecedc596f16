package io.codeclab.orchestrator.run;

import io.codeclab.orchestrator.experiment.ExperimentStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Housekeeping: marks running experiments whose lease ran out ABANDONED, with the reason, so a crashed
 * process's experiment does not look alive. The daemon sweeps every cycle; every process that runs
 * experiments also sweeps on its own schedule (about once per lease period) with {@link #start}.
 */
public final class LeaseSweeper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseSweeper.class);

    private final ExperimentStore store;
    private final Clock clock;
    private ScheduledExecutorService schedule;

    public LeaseSweeper(ExperimentStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Abandons every experiment whose lease ended before now; returns their ids. */
    public List<String> sweep() {
        var abandoned = store.abandonExpired(clock.instant());
        if (!abandoned.isEmpty()) {
            LOG.warn("marked {} experiment(s) with expired leases ABANDONED: {}", abandoned.size(), abandoned);
        }
        return abandoned;
    }

    /** Sweeps every {@code period} (the first time one period from now) on a daemon thread until closed; a failed sweep is logged. */
    public synchronized LeaseSweeper start(Duration period) {
        if (schedule != null) {
            return this;
        }
        schedule = Executors.newSingleThreadScheduledExecutor(r -> {
            var t = new Thread(r, "lease-sweeper");
            t.setDaemon(true);
            return t;
        });
        schedule.scheduleWithFixedDelay(this::sweepLogged, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void sweepLogged() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warn("sweeping expired leases failed; trying again next period: {}", e.toString());
        }
    }

    @Override
    public synchronized void close() {
        if (schedule != null) {
            schedule.shutdownNow();
        }
    }
}
