package io.codeclab.orchestrator.run;

import io.codeclab.orchestrator.experiment.Champion;
import io.codeclab.orchestrator.experiment.ExperimentConflictException;
import io.codeclab.orchestrator.experiment.ExperimentRecord;
import io.codeclab.orchestrator.experiment.ExperimentStatus;
import io.codeclab.orchestrator.experiment.ExperimentStore;
import io.codeclab.orchestrator.experiment.ExperimentUpdate;
import io.codeclab.orchestrator.experiment.Failure;
import io.codeclab.orchestrator.experiment.LeaseLostException;
import io.codeclab.orchestrator.experiment.LlmUsage;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How an experiment ends outside its evaluation: failed before it could run (no proposal, a corrupt
 * champion), failed inside the orchestrator, or abandoned because its lease was lost. Each leaves a
 * terminal record with the reason.
 */
final class Endings {

    private static final Logger LOG = LoggerFactory.getLogger(Endings.class);

    private final ExperimentStore store;
    private final Clock clock;
    private final String owner;
    private final Duration lease;

    Endings(ExperimentStore store, Clock clock, String owner, Duration lease) {
        this.store = store;
        this.clock = clock;
        this.owner = owner;
        this.lease = lease;
    }

    /** Created and failed at once, so that an experiment that never ran is on record too. */
    ExperimentRecord failedBeforeRunning(String id, Champion champion, String source, Failure failure) {
        return failedBeforeRunning(id, champion, source, failure, LlmUsage.NONE, Map.of());
    }

    /** ... with what the attempt cost and the artifacts already written (prompt, raw answer, feedback). */
    ExperimentRecord failedBeforeRunning(String id, Champion champion, String source, Failure failure, LlmUsage usage,
                                         Map<String, String> artifacts) {
        var record = store.create(ExperimentRecord.proposed(id, champion.version(), source, "",
                champion.experimentId(), "", usage, clock.instant()), owner, clock.instant().plus(lease));
        return store.update(record.id(), ExperimentUpdate.to(ExperimentStatus.FAILED, ExperimentStatus.PROPOSED)
                .heldBy(owner).failure(failure).putArtifacts(artifacts).build());
    }

    /** Our lease is gone (expired, or swept): the experiment must not move on, so it ends ABANDONED with why. */
    ExperimentRecord abandoned(String id, LeaseLostException lost) {
        LOG.warn("experiment {} ABANDONED: {}", id, lost.getMessage());
        var current = store.find(id).orElseThrow();
        if (current.status().isTerminal()) {
            return current;
        }
        try {
            return store.update(id, ExperimentUpdate.to(ExperimentStatus.ABANDONED, current.status())
                    .failure(new Failure("lease", "LeaseLost", lost.getMessage(), "")).build());
        } catch (ExperimentConflictException raced) {
            return store.find(id).orElseThrow(); // a sweep abandoned it meanwhile
        }
    }

    /** Records an orchestrator failure (the caller logs and rethrows it); if even that fails, the lease runs out. */
    void failedInside(String id, Failure failure) {
        try {
            var current = store.find(id);
            if (current.isPresent() && !current.get().status().isTerminal()) {
                store.update(id, ExperimentUpdate.to(ExperimentStatus.FAILED, current.get().status())
                        .failure(failure).build());
            }
        } catch (RuntimeException e) {
            LOG.error("experiment {}: could not record the failure; its lease will expire and mark it ABANDONED", id, e);
        }
    }
}
