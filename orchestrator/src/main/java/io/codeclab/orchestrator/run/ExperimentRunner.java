package io.codeclab.orchestrator.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.codeclab.eval.harness.CodecProgram;
import io.codeclab.eval.protocol.AdoptionDecision;
import io.codeclab.eval.protocol.AdoptionRule;
import io.codeclab.eval.protocol.ProgramEvaluation;
import io.codeclab.eval.protocol.StageListener;
import io.codeclab.eval.protocol.StagedEvaluator;
import io.codeclab.orchestrator.artifact.ArtifactStore;
import io.codeclab.orchestrator.experiment.Adoption;
import io.codeclab.orchestrator.experiment.AdoptionConflictException;
import io.codeclab.orchestrator.experiment.Champion;
import io.codeclab.orchestrator.experiment.ExperimentRecord;
import io.codeclab.orchestrator.experiment.ExperimentStatus;
import io.codeclab.orchestrator.experiment.ExperimentStore;
import io.codeclab.orchestrator.experiment.ExperimentUpdate;
import io.codeclab.orchestrator.experiment.Failure;
import io.codeclab.orchestrator.experiment.LeaseLostException;
import io.codeclab.orchestrator.propose.Feedback;
import io.codeclab.orchestrator.propose.Proposal;
import io.codeclab.orchestrator.propose.ProposalException;
import io.codeclab.orchestrator.propose.Proposer;
import io.codeclab.orchestrator.propose.llm.NormalizedCode;
import io.codeclab.orchestrator.search.ProgramSearch;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one experiment end to end: propose, record (PROPOSED), evaluate stage by stage (the
 * {@link PhaseRecorder} records each phase), score, and adopt or reject. The record is created first and
 * then changed only by conditional updates; a {@link Lease} marks it as ours while it runs, so a crash
 * leaves it to be ABANDONED by a {@link LeaseSweeper}, never half-adopted.
 *
 * <p>{@link #runOnce()} may run on several threads at once (experiments in flight): each experiment has its own
 * record, lease and artifacts, and the store's conditional writes decide which of them adopts.
 */
public final class ExperimentRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExperimentRunner.class);

    private final ExperimentStore store;
    private final ArtifactStore artifacts;
    private final Proposer proposer;
    private final FreshProposals proposals;
    private final StagedEvaluator evaluator;
    private final AdoptionRule rule;
    private final ClipSets clips;
    private final Clock clock;
    private final String owner;
    private final Duration lease;
    private final ObjectMapper json;
    private final Feedback feedback;
    private final List<StageListener> listeners;
    private final List<ExperimentObserver> observers;
    private final Endings endings;
    private final ProgramSearch search;
    private final ScheduledExecutorService heartbeats = Lease.heartbeatThread();
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    public ExperimentRunner(ExperimentStore store, ArtifactStore artifacts, Proposer proposer,
                            StagedEvaluator evaluator, ClipSets clips, Clock clock, String owner, Duration lease,
                            ObjectMapper json) {
        this(store, artifacts, proposer, evaluator, clips, clock, owner, lease, json, Feedback.recentExperiments(),
                List.of());
    }

    /** With the proposer's feedback sources and further listeners to every evaluation (logs, live views). */
    public ExperimentRunner(ExperimentStore store, ArtifactStore artifacts, Proposer proposer,
                            StagedEvaluator evaluator, ClipSets clips, Clock clock, String owner, Duration lease,
                            ObjectMapper json, Feedback feedback, List<StageListener> listeners) {
        this(store, artifacts, proposer, evaluator, clips, clock, owner, lease, json, feedback, listeners, List.of());
    }

    /** With observers told which experiment they hear about (the execution log). */
    public ExperimentRunner(ExperimentStore store, ArtifactStore artifacts, Proposer proposer,
                            StagedEvaluator evaluator, ClipSets clips, Clock clock, String owner, Duration lease,
                            ObjectMapper json, Feedback feedback, List<StageListener> listeners,
                            List<ExperimentObserver> observers) {
        this(store, artifacts, proposer, evaluator, clips, clock, owner, lease, json, feedback, listeners, observers,
                ProgramSearch.championOnly());
    }

    /** With the program database the parents and inspirations are drawn from, and scored programs entered in. */
    public ExperimentRunner(ExperimentStore store, ArtifactStore artifacts, Proposer proposer,
                            StagedEvaluator evaluator, ClipSets clips, Clock clock, String owner, Duration lease,
                            ObjectMapper json, Feedback feedback, List<StageListener> listeners,
                            List<ExperimentObserver> observers, ProgramSearch search) {
        this.store = store;
        this.artifacts = artifacts;
        this.proposer = proposer;
        this.proposals = new FreshProposals(proposer, store, search);
        this.evaluator = evaluator;
        this.rule = new AdoptionRule(evaluator.protocol());
        this.clips = clips;
        this.clock = clock;
        this.owner = owner;
        this.lease = lease;
        this.json = json;
        this.feedback = feedback;
        this.listeners = List.copyOf(listeners);
        this.observers = List.copyOf(observers);
        this.endings = new Endings(store, clock, owner, lease);
        this.search = search;
    }

    /** Runs one experiment and returns its final record. */
    public ExperimentRecord runOnce() {
        var started = clock.instant();
        Champion champion = Champions.current(store, artifacts, clock);
        String id = ExperimentIds.next(clock);
        CodecProgram championCode;
        try {
            championCode = Champions.code(champion, artifacts);
        } catch (ChampionCodeException e) {
            LOG.error("experiment {}: REFUSING TO BUILD ON CHAMPION v{}: {}", id, champion.version(), e.getMessage());
            return endings.failedBeforeRunning(id, champion, proposer.name(),
                    new Failure("champion", e.kind(), e.getMessage(), ""));
        }
        var recent = store.latest(NextExperiment.HISTORY);
        String feedbackText = feedback.text(recent);
        var lineage = search.lineage(champion, championCode);
        Proposal proposal;
        try {
            proposal = proposals.next(id, champion, championCode, lineage, recent, feedbackText);
        } catch (ProposalException e) {
            LOG.warn("experiment {}: no proposal ({}): {}", id, e.kind(), e.getMessage());
            // The prompt and the raw answer are kept even so: they show why, and the next prompt is told.
            var exchange = e.exchange();
            var kept = new ExperimentArtifacts(artifacts, json, id).exchange(exchange.prompt(), exchange.response(),
                    feedbackText);
            return endings.failedBeforeRunning(id, champion,
                    exchange.source().isEmpty() ? proposer.name() : exchange.source(),
                    new Failure("propose", e.kind(), e.getMessage(), ""), exchange.usage(), kept);
        }
        var record = store.create(ExperimentRecord.proposed(id, champion.version(), proposal.source(),
                proposal.program().sha256(), NormalizedCode.sha256(proposal.program().source()),
                lineage.parentExperimentId(), proposal.summary(), proposal.usage(), lineage.choices(),
                clock.instant()), owner, clock.instant().plus(lease));
        LOG.info("experiment {} proposed by {} on champion v{} (parent: {}): {}", id, proposal.source(),
                champion.version(), lineage.choices().isNone() ? "the champion" : lineage.choices().parent().why(),
                proposal.summary());
        running.add(id);
        var attempts = observers.stream().map(o -> o.started(new ExperimentObserver.Started(id, proposal, lineage.parent(),
                recent, Duration.between(started, clock.instant())))).toList();
        try (var held = Lease.hold(store, id, owner, lease, clock, heartbeats)) {
            return evaluateAndDecide(record, proposal, champion, championCode, feedbackText, attempts);
        } catch (LeaseLostException e) {
            return endings.abandoned(id, e);
        } catch (RuntimeException e) {
            // Recorded here, logged by whoever catches it (the daemon, the command line).
            endings.failedInside(id, new Failure("orchestrator", e.getClass().getSimpleName(),
                    String.valueOf(e.getMessage()), ""));
            throw e;
        } finally {
            running.remove(id);
            attempts.forEach(ExperimentObserver.Attempt::ended);
        }
    }

    /** The experiments this runner is evaluating now (a stopping daemon abandons them). */
    public Set<String> running() {
        return Set.copyOf(running);
    }

    /** The lease owner this runner writes as. */
    public String owner() {
        return owner;
    }

    private ExperimentRecord evaluateAndDecide(ExperimentRecord record, Proposal proposal, Champion champion,
                                               CodecProgram championCode, String feedbackText,
                                               List<ExperimentObserver.Attempt> attempts) {
        String id = record.id();
        var files = new ExperimentArtifacts(artifacts, json, id);
        var phases = new PhaseRecorder(store, id, owner, files, files.proposal(proposal, feedbackText));
        var all = Stream.<Stream<? extends StageListener>>of(Stream.of(phases), listeners.stream(), attempts.stream())
                .<StageListener>flatMap(s -> s).toList();
        var result = evaluator.evaluate(proposal.program(), championCode, clips.search(), clips.adoption(),
                StageListener.all(all), search.novelty(id));
        if (result instanceof ProgramEvaluation.Failed failed) {
            var f = failed.failure();
            attempts.forEach(a -> a.failed(f));
            LOG.info("experiment {} FAILED at {}: {} {}", id, f.stage(), f.kind(), f.message());
            return phases.failed(Failure.from(f));
        }
        var scored = (ProgramEvaluation.Scored) result;
        search.scored(phases.scored(scored, files.report(scored)), proposal.program());
        var decision = rule.decide(scored);
        if (decision instanceof AdoptionDecision.Adopt adopt) {
            return adopt(id, proposal, champion, adopt, files);
        }
        LOG.info("experiment {} REJECTED: {}", id, decision.reason());
        return reject(id, decision.reason());
    }

    private ExperimentRecord adopt(String id, Proposal proposal, Champion champion, AdoptionDecision.Adopt adopt,
                                   ExperimentArtifacts files) {
        String codeKey = files.versionCode(champion.version() + 1, proposal.program());
        try {
            var next = store.adopt(new Adoption(id, owner, champion.version(), codeKey, proposal.program().sha256(),
                    adopt.bdRateVsChampionPercent()));
            LOG.info("experiment {} ADOPTED as v{}: {}", id, next.version(), adopt.reason());
            return store.find(id).orElseThrow();
        } catch (AdoptionConflictException e) {
            // A transaction retried after its first attempt committed (the answer lost) finds our own adoption.
            var now = store.find(id).orElseThrow();
            if (now.status() == ExperimentStatus.ADOPTED) {
                LOG.info("experiment {} ADOPTED as v{} (confirmed after a retried transaction)", id, now.adoptedVersion());
                return now;
            }
            LOG.info("experiment {} beat v{} but lost the adoption race: {}", id, champion.version(), e.getMessage());
            return reject(id, "beat champion v" + champion.version() + " (" + adopt.reason()
                    + ") but another experiment adopted that version first");
        }
    }

    private ExperimentRecord reject(String id, String reason) {
        return store.update(id, ExperimentUpdate.to(ExperimentStatus.REJECTED, ExperimentStatus.SCORED).heldBy(owner)
                .failure(new Failure("adoption", "NotAdopted", reason, "")).build());
    }

    @Override
    public void close() {
        heartbeats.shutdownNow();
    }
}
