package io.codeclab.orchestrator.run;

import io.codeclab.orchestrator.experiment.ExperimentStore;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running experiment's lease, renewed every third of its length until closed. A renewal that finds the
 * lease no longer ours (expired, or abandoned by a sweep) is logged; the experiment's next write is then
 * refused by the store, which ends it.
 */
final class Lease implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Lease.class);

    private final ExperimentStore store;
    private final String id;
    private final String owner;
    private final Duration length;
    private final Clock clock;
    private final ScheduledFuture<?> heartbeat;

    private Lease(ExperimentStore store, String id, String owner, Duration length, Clock clock,
                  ScheduledExecutorService scheduler) {
        this.store = store;
        this.id = id;
        this.owner = owner;
        this.length = length;
        this.clock = clock;
        long period = Math.max(1, length.toMillis() / 3);
        this.heartbeat = scheduler.scheduleAtFixedRate(this::renew, period, period, TimeUnit.MILLISECONDS);
    }

    /** Starts renewing the lease {@code owner} took when it created experiment {@code id}. */
    static Lease hold(ExperimentStore store, String id, String owner, Duration length, Clock clock,
                      ScheduledExecutorService scheduler) {
        return new Lease(store, id, owner, length, clock, scheduler);
    }

    /** The thread heartbeats run on; one per runner, shut down with it. */
    static ScheduledExecutorService heartbeatThread() {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            var t = new Thread(r, "lease-heartbeat");
            t.setDaemon(true);
            return t;
        });
    }

    private void renew() {
        try {
            if (!store.heartbeat(id, owner, clock.instant().plus(length))) {
                LOG.warn("experiment {}: lease no longer ours", id);
            }
        } catch (RuntimeException e) {
            LOG.warn("experiment {}: heartbeat failed: {}", id, e.toString());
        }
    }

    @Override
    public void close() {
        heartbeat.cancel(false);
    }
}
