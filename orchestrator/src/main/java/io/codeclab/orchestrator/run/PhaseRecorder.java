package io.codeclab.orchestrator.run;

import io.codeclab.eval.harness.SandboxRun;
import io.codeclab.eval.policy.PolicyVerdict;
import io.codeclab.eval.protocol.ProgramEvaluation;
import io.codeclab.eval.protocol.Stage;
import io.codeclab.eval.protocol.StageListener;
import io.codeclab.orchestrator.experiment.ExperimentRecord;
import io.codeclab.orchestrator.experiment.ExperimentStatus;
import io.codeclab.orchestrator.experiment.ExperimentStore;
import io.codeclab.orchestrator.experiment.ExperimentUpdate;
import io.codeclab.orchestrator.experiment.Failure;
import io.codeclab.orchestrator.experiment.StageResult;
import io.codeclab.orchestrator.experiment.ValidationViolation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Listens to an evaluation and records each phase as it happens: the status moves (VALIDATING, SCREENING,
 * EVALUATING) with the artifacts written so far, the policy verdict, and each stage's sandbox runs and log.
 * Every write is one conditional update held by the experiment's lease owner.
 */
final class PhaseRecorder implements StageListener {

    private final ExperimentStore store;
    private final String id;
    private final String owner;
    private final ExperimentArtifacts artifacts;
    private final Map<String, String> pendingArtifacts;
    private ExperimentStatus status = ExperimentStatus.PROPOSED;
    private List<ValidationViolation> violations;

    PhaseRecorder(ExperimentStore store, String id, String owner, ExperimentArtifacts artifacts,
                  Map<String, String> initialArtifacts) {
        this.store = store;
        this.id = id;
        this.owner = owner;
        this.artifacts = artifacts;
        this.pendingArtifacts = new LinkedHashMap<>(initialArtifacts);
    }

    /** The status last recorded. */
    ExperimentStatus status() {
        return status;
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
        var update = update(next).putArtifacts(pendingArtifacts);
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
        pendingArtifacts.put("validation", artifacts.validation(verdict));
        if (!verdict.accepted()) {
            // The experiment ends here; record the verdict now, the failure follows.
            store.update(id, update(status).violations(violations).putArtifacts(pendingArtifacts).build());
            pendingArtifacts.clear();
            violations = null;
        }
    }

    @Override
    public void stageFinished(Stage stage, List<SandboxRun> runs) {
        if (runs.isEmpty()) {
            return;
        }
        var update = update(status).putArtifact(ExperimentArtifacts.stageLogName(stage), artifacts.stageLog(stage, runs));
        runs.forEach(r -> update.addStage(stageResult(r)));
        store.update(id, update.build());
    }

    /** The evaluation failed: the experiment ends FAILED with the reason. */
    ExperimentRecord failed(Failure failure) {
        return store.update(id, update(ExperimentStatus.FAILED).failure(failure).build());
    }

    /** The evaluation scored the program: points, BD-rates (when defined) and the report's key. */
    ExperimentRecord scored(ProgramEvaluation.Scored scored, String reportKey) {
        var update = update(ExperimentStatus.SCORED).points(scored.headlinePoints()).putArtifact("report", reportKey);
        if (!Double.isNaN(scored.bdRateVsChampionPercent())) {
            update.bdRateVsChampionPercent(scored.bdRateVsChampionPercent());
        }
        if (!Double.isNaN(scored.bdRateVsX264Percent())) {
            update.bdRateVsX264Percent(scored.bdRateVsX264Percent());
        }
        var record = store.update(id, update.build());
        status = ExperimentStatus.SCORED;
        return record;
    }

    /** A move from the recorded status to {@code next}, held by our lease. */
    ExperimentUpdate.Builder update(ExperimentStatus next) {
        return ExperimentUpdate.to(next, status).heldBy(owner);
    }

    private static StageResult stageResult(SandboxRun run) {
        var r = run.result();
        return new StageResult(run.stage() + "/" + run.side() + "/q" + run.quality(), r.status(),
                r.wall().toMillis() / 1000.0, r.cpu().toMillis() / 1000.0, r.peakMemoryBytes(), r.backend());
    }
}
