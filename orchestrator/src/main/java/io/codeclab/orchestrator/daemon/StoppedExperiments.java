package io.codeclab.orchestrator.daemon;

import io.codeclab.orchestrator.experiment.ExperimentConflictException;
import io.codeclab.orchestrator.experiment.ExperimentRecord;
import io.codeclab.orchestrator.experiment.ExperimentStatus;
import io.codeclab.orchestrator.experiment.ExperimentStore;
import io.codeclab.orchestrator.experiment.ExperimentUpdate;
import io.codeclab.orchestrator.experiment.Failure;
import io.codeclab.orchestrator.experiment.LeaseLostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the experiments of a stopping daemon whose grace period ran out: each one still running under this
 * daemon's lease becomes ABANDONED with the reason "stopped", through the same fenced update as any phase,
 * so that nothing is left looking alive until its lease runs out.
 */
public final class StoppedExperiments {

    private static final Logger LOG = LoggerFactory.getLogger(StoppedExperiments.class);
    /** How far back to look for experiments still held by this owner (those running, normally). */
    private static final int RECENT = 20;

    private final ExperimentStore store;
    private final String owner;
    private final Supplier<Set<String>> running;
    private final Duration grace;

    /**
     * @param owner   the lease owner of this daemon's runner
     * @param running the experiments the runner is evaluating now
     */
    public StoppedExperiments(ExperimentStore store, String owner, Supplier<Set<String>> running, Duration grace) {
        this.store = store;
        this.owner = owner;
        this.running = running;
        this.grace = grace;
    }

    /** Marks every experiment still running under our lease ABANDONED; returns their ids. */
    public List<String> abandon() {
        var ids = new LinkedHashSet<String>();
        ids.addAll(running.get());
        // Also one created an instant before the runner noted it, or whose id the runner already forgot.
        store.latest(RECENT).stream()
                .filter(r -> r.status().isRunning() && owner.equals(r.leaseOwner()))
                .map(ExperimentRecord::id)
                .forEach(ids::add);
        var abandoned = new ArrayList<String>();
        for (String id : ids) {
            if (abandon(id)) {
                abandoned.add(id);
            }
        }
        return abandoned;
    }

    private boolean abandon(String id) {
        var failure = new Failure("daemon", "Stopped", "stopped: the daemon was asked to stop (SIGTERM) and the"
                + " experiment did not finish within the stop grace period of " + grace.toSeconds() + "s", "");
        // The status may move between our read and our write: try again on the state we find.
        for (int attempt = 0; attempt < 5; attempt++) {
            var current = store.find(id);
            if (current.isEmpty() || current.get().status().isTerminal()) {
                return false;
            }
            try {
                store.update(id, ExperimentUpdate.to(ExperimentStatus.ABANDONED, current.get().status())
                        .heldBy(owner).failure(failure).build());
                LOG.warn("experiment {} ABANDONED: {}", id, failure.message());
                return true;
            } catch (LeaseLostException e) {
                LOG.warn("experiment {}: not ours to abandon any more: {}", id, e.getMessage());
                return false;
            } catch (ExperimentConflictException e) {
                // moved on meanwhile; read it again
            }
        }
        LOG.error("experiment {} kept changing while being abandoned; its lease will run out instead", id);
        return false;
    }
}
