package io.codeclab.orchestrator.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.codeclab.eval.harness.Clip;
import io.codeclab.eval.harness.CodecProgram;
import io.codeclab.eval.harness.EvaluationFailure;
import io.codeclab.eval.harness.QualityPoint;
import io.codeclab.eval.harness.SandboxRun;
import io.codeclab.eval.policy.PolicyVerdict;
import io.codeclab.eval.protocol.AdoptionDecision;
import io.codeclab.eval.protocol.AdoptionRule;
import io.codeclab.eval.protocol.ProgramEvaluation;
import io.codeclab.eval.protocol.Stage;
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
import io.codeclab.orchestrator.experiment.StageResult;
import io.codeclab.orchestrator.experiment.ValidationViolation;
import io.codeclab.orchestrator.propose.ExperimentContext;
import io.codeclab.orchestrator.propose.Feedback;
import io.codeclab.orchestrator.propose.Proposal;
import io.codeclab.orchestrator.propose.ProposalException;
import io.codeclab.orchestrator.propose.Proposer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one experiment end to end: propose, record (PROPOSED), validate, screen, evaluate, score, and adopt
 * or reject. The record is created first and then changed only by per-phase conditional updates; a lease
 * with heartbeats marks it as ours while it runs, so a crash leaves it to be ABANDONED, never half-adopted.
 */
public final class ExperimentRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ExperimentRunner.class);
    private static final int HISTORY = 200;
    private static final int PROPOSAL_ATTEMPTS = 5;

    private final ExperimentStore store;
    private final ArtifactStore artifacts;
    private final Proposer proposer;
    private final StagedEvaluator evaluator;
    private final AdoptionRule rule;
    private final ClipSets clips;
    private final Clock clock;
    private final String owner;
    private final Duration lease;
    private final ObjectMapper json;
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        var t = new Thread(r, "lease-heartbeat");
        t.setDaemon(true);
        return t;
    });

    public ExperimentRunner(ExperimentStore store, ArtifactStore artifacts, Proposer proposer,
                            StagedEvaluator evaluator, ClipSets clips, Clock clock, String owner, Duration lease,
                            ObjectMapper json) {
        this.store = store;
        this.artifacts = artifacts;
        this.proposer = proposer;
        this.evaluator = evaluator;
        this.rule = new AdoptionRule(evaluator.protocol());
        this.clips = clips;
        this.clock = clock;
        this.owner = owner;
        this.lease = lease;
        this.json = json;
    }

    /** Runs one experiment and returns its final record. */
    public ExperimentRecord runOnce() {
        var abandoned = store.abandonExpired(clock.instant());
        if (!abandoned.isEmpty()) {
            LOG.warn("marked {} experiment(s) with expired leases ABANDONED: {}", abandoned.size(), abandoned);
        }
        Champion champion = Champions.current(store, artifacts, clock);
        CodecProgram championProgram = loadProgram(champion.codeKey());
        var recent = store.latest(HISTORY);
        var evaluated = new HashSet<String>();
        recent.forEach(r -> evaluated.add(r.codeSha256()));
        store.versions().forEach(v -> evaluated.add(v.codeSha256()));

        String id = ExperimentIds.next(clock);
        Proposal proposal;
        try {
            proposal = proposeSomethingNew(champion, championProgram, recent, evaluated);
        } catch (ProposalException e) {
            LOG.warn("experiment {}: no proposal: {}", id, e.getMessage());
            var record = store.create(ExperimentRecord.proposed(id, champion.version(), proposer.name(), "",
                    champion.experimentId(), "", null, clock.instant()), owner, clock.instant().plus(lease));
            return store.update(record.id(), ExperimentUpdate.to(ExperimentStatus.FAILED, ExperimentStatus.PROPOSED)
                    .failure(new Failure("propose", e.kind(), e.getMessage(), "")).build());
        }
        var program = proposal.program();
        var record = store.create(ExperimentRecord.proposed(id, champion.version(), proposal.source(),
                program.sha256(), champion.experimentId(), proposal.summary(), proposal.usage(), clock.instant()),
                owner, clock.instant().plus(lease));
        LOG.info("experiment {} proposed by {} on champion v{}: {}", id, proposal.source(), champion.version(),
                proposal.summary());
        var heartbeat = heartbeats.scheduleAtFixedRate(() -> beat(id), lease.toMillis() / 3, lease.toMillis() / 3,
                TimeUnit.MILLISECONDS);
        try {
            return evaluateAndDecide(record, proposal, champion, championProgram, Feedback.from(recent));
        } catch (RuntimeException e) {
            // Recorded here, logged by whoever catches it (the daemon, the command line).
            recordFailure(id, new Failure("orchestrator", e.getClass().getSimpleName(),
                    String.valueOf(e.getMessage()), ""));
            throw e;
        } finally {
            heartbeat.cancel(false);
        }
    }

    /**
     * Asks the proposer until it offers a program never evaluated before (the store is the judge: the
     * in-memory set only covers recent history).
     */
    private Proposal proposeSomethingNew(Champion champion, CodecProgram championProgram,
                                         List<ExperimentRecord> recent, Set<String> evaluated) {
        for (int attempt = 1; attempt <= PROPOSAL_ATTEMPTS; attempt++) {
            var proposal = proposer.propose(new ExperimentContext(champion, championProgram, recent, evaluated));
            String sha = proposal.program().sha256();
            var earlier = store.findByCodeSha256(sha);
            if (earlier.isEmpty()) {
                return proposal;
            }
            LOG.info("proposal {} repeats the code of experiment {}; asking again", sha, earlier.get().id());
            evaluated.add(sha);
        }
        throw new ProposalException("NothingNew", proposer.name() + " proposed only code evaluated before in "
                + PROPOSAL_ATTEMPTS + " attempts");
    }

    private ExperimentRecord evaluateAndDecide(ExperimentRecord record, Proposal proposal, Champion champion,
                                               CodecProgram championProgram, String feedback) {
        String id = record.id();
        var initialArtifacts = new LinkedHashMap<String, String>();
        initialArtifacts.put("code", putText(id, "code.py", proposal.program().source(), "text/x-python"));
        if (!proposal.prompt().isEmpty()) {
            initialArtifacts.put("prompt", putText(id, "prompt.txt", proposal.prompt(), "text/plain"));
        }
        if (!proposal.response().isEmpty()) {
            initialArtifacts.put("response", putText(id, "response.txt", proposal.response(), "text/plain"));
        }
        if (!feedback.isEmpty()) {
            initialArtifacts.put("feedback", putText(id, "feedback.txt", feedback, "text/plain"));
        }
        var phases = new PhaseRecorder(id, initialArtifacts);
        var result = evaluator.evaluate(proposal.program(), championProgram, clips.search(), clips.adoption(), phases);
        if (result instanceof ProgramEvaluation.Failed failed) {
            EvaluationFailure f = failed.failure();
            LOG.info("experiment {} FAILED at {}: {} {}", id, f.stage(), f.kind(), f.message());
            return store.update(id, ExperimentUpdate.to(ExperimentStatus.FAILED, phases.status)
                    .failure(new Failure(f.stage(), f.kind(), f.message(), f.tracebackTail())).build());
        }
        var scored = (ProgramEvaluation.Scored) result;
        String reportKey = putJson(id, "report.json", report(scored));
        var toScored = ExperimentUpdate.to(ExperimentStatus.SCORED, ExperimentStatus.EVALUATING)
                .points(scored.headlinePoints())
                .putArtifact("report", reportKey);
        if (!Double.isNaN(scored.bdRateVsChampionPercent())) {
            toScored.bdRateVsChampionPercent(scored.bdRateVsChampionPercent());
        }
        if (!Double.isNaN(scored.bdRateVsX264Percent())) {
            toScored.bdRateVsX264Percent(scored.bdRateVsX264Percent());
        }
        store.update(id, toScored.build());

        var decision = rule.decide(scored);
        if (decision instanceof AdoptionDecision.Adopt adopt) {
            // Keyed by experiment too: a racer that loses the transaction must not overwrite the winner's code.
            String codeKey = artifacts.put(ArtifactStore.versionCodeKey(champion.version() + 1, id),
                    proposal.program().source().getBytes(StandardCharsets.UTF_8), "text/x-python");
            try {
                var next = store.adopt(new Adoption(id, champion.version(), codeKey, proposal.program().sha256(),
                        adopt.bdRateVsChampionPercent()));
                LOG.info("experiment {} ADOPTED as v{}: {}", id, next.version(), adopt.reason());
                return store.find(id).orElseThrow();
            } catch (AdoptionConflictException e) {
                // A transaction retried after its first attempt committed (the answer lost) finds our own adoption.
                var now = store.find(id).orElseThrow();
                if (now.status() == ExperimentStatus.ADOPTED) {
                    LOG.info("experiment {} ADOPTED as v{} (confirmed after a retried transaction)", id,
                            now.adoptedVersion());
                    return now;
                }
                LOG.info("experiment {} beat v{} but lost the adoption race: {}", id, champion.version(), e.getMessage());
                return reject(id, "beat champion v" + champion.version() + " (" + adopt.reason()
                        + ") but another experiment adopted that version first");
            }
        }
        LOG.info("experiment {} REJECTED: {}", id, decision.reason());
        return reject(id, decision.reason());
    }

    private ExperimentRecord reject(String id, String reason) {
        return store.update(id, ExperimentUpdate.to(ExperimentStatus.REJECTED, ExperimentStatus.SCORED)
                .failure(new Failure("adoption", "NotAdopted", reason, "")).build());
    }

    /** Turns stage events into per-phase record updates and stage logs in the artifact store. */
    private final class PhaseRecorder implements StageListener {
        private final String id;
        private final Map<String, String> pendingArtifacts;
        private ExperimentStatus status = ExperimentStatus.PROPOSED;
        private List<ValidationViolation> violations;

        PhaseRecorder(String id, Map<String, String> initialArtifacts) {
            this.id = id;
            this.pendingArtifacts = new LinkedHashMap<>(initialArtifacts);
        }

        @Override
        public void stageStarted(Stage stage) {
            var next = switch (stage) {
                case POLICY -> ExperimentStatus.VALIDATING;
                case SMOKE, SEARCH -> ExperimentStatus.SCREENING;
                case ADOPTION -> ExperimentStatus.EVALUATING;
            };
            if (next == status && violations == null && pendingArtifacts.isEmpty()) {
                return;
            }
            var update = ExperimentUpdate.to(next, status).putArtifacts(pendingArtifacts);
            if (violations != null) {
                update.violations(violations);
                violations = null;
            }
            store.update(id, update.build());
            pendingArtifacts.clear();
            status = next;
        }

        @Override
        public void policyChecked(PolicyVerdict verdict) {
            violations = verdict.violations().stream()
                    .map(v -> new ValidationViolation(v.line(), v.column(), v.rule(), v.message())).toList();
            pendingArtifacts.put("validation", putJson(id, "validation.json", verdict));
            if (!verdict.accepted()) {
                // The experiment ends here; record the verdict now, the failure follows.
                store.update(id, ExperimentUpdate.to(status, status).violations(violations)
                        .putArtifacts(pendingArtifacts).build());
                pendingArtifacts.clear();
                violations = null;
            }
        }

        @Override
        public void stageFinished(Stage stage, List<SandboxRun> runs) {
            if (runs.isEmpty()) {
                return;
            }
            String key = putJson(id, "logs/" + stage.label() + ".json", runs.stream().map(ExperimentRunner::log).toList());
            var update = ExperimentUpdate.to(status, status).putArtifact("logs/" + stage.label(), key);
            runs.forEach(r -> update.addStage(stageResult(r)));
            store.update(id, update.build());
        }
    }

    private static StageResult stageResult(SandboxRun run) {
        var r = run.result();
        return new StageResult(run.stage() + "/" + run.side() + "/q" + run.quality(), r.status(),
                r.wall().toMillis() / 1000.0, r.cpu().toMillis() / 1000.0, r.peakMemoryBytes(), r.backend());
    }

    private static Map<String, Object> log(SandboxRun run) {
        var m = new LinkedHashMap<String, Object>();
        m.put("stage", run.stage());
        m.put("side", run.side());
        m.put("quality", run.quality());
        m.put("clip", run.clip());
        m.putAll(SandboxReports.of(run.result()));
        return m;
    }

    private static Map<String, Object> report(ProgramEvaluation.Scored scored) {
        var m = new LinkedHashMap<String, Object>();
        m.put("bdRateVsChampionPercent", scored.bdRateVsChampionPercent());
        m.put("bdRateVsX264PerClip", scored.bdRateVsX264PerClip());
        m.put("notes", scored.notes());
        m.put("search", clipPoints(scored.search()));
        m.put("adoption", clipPoints(scored.adoption()));
        m.put("champion", clipPoints(scored.champion()));
        return m;
    }

    private static Map<String, List<QualityPoint>> clipPoints(List<io.codeclab.eval.harness.ClipEvaluation.Scored> set) {
        var m = new LinkedHashMap<String, List<QualityPoint>>();
        set.forEach(c -> m.put(c.clip(), c.points()));
        return m;
    }

    private void beat(String id) {
        try {
            if (!store.heartbeat(id, owner, clock.instant().plus(lease))) {
                LOG.warn("experiment {}: lease no longer ours", id);
            }
        } catch (RuntimeException e) {
            LOG.warn("experiment {}: heartbeat failed: {}", id, e.toString());
        }
    }

    private void recordFailure(String id, Failure failure) {
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

    private CodecProgram loadProgram(String key) {
        byte[] bytes = artifacts.get(key).orElseThrow(() -> new IllegalStateException(
                "the champion's code is missing from the artifact store at " + key));
        return new CodecProgram(new String(bytes, StandardCharsets.UTF_8));
    }

    private String putText(String id, String name, String text, String contentType) {
        return artifacts.put(ArtifactStore.experimentKey(id, name), text.getBytes(StandardCharsets.UTF_8), contentType);
    }

    private String putJson(String id, String name, Object value) {
        try {
            return artifacts.put(ArtifactStore.experimentKey(id, name), json.writeValueAsBytes(value), "application/json");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + name + " of experiment " + id, e);
        }
    }

    /** Stops the heartbeat thread. */
    public void close() {
        heartbeats.shutdownNow();
    }
}
