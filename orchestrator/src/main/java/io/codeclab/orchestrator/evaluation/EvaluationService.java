package io.codeclab.orchestrator.evaluation;

import io.codeclab.eval.harness.CodecProgram;
import io.codeclab.eval.protocol.ProgramEvaluation;
import io.codeclab.eval.protocol.StageListener;
import io.codeclab.eval.protocol.StagedEvaluator;
import io.codeclab.orchestrator.artifact.ArtifactStore;
import io.codeclab.orchestrator.clip.ClipLibrary;
import io.codeclab.orchestrator.experiment.ExperimentStore;
import io.codeclab.orchestrator.run.Champions;
import java.time.Clock;
import java.util.List;

/**
 * Evaluates one program on one clip against the current champion with the full protocol (policy, smoke,
 * every quality, the champion re-scored on the same frames, the x264 anchor), outside any experiment:
 * nothing is recorded. What {@code codec-lab eval} prints, and what the dashboard's playground will show.
 */
public final class EvaluationService {

    private final ExperimentStore store;
    private final ArtifactStore artifacts;
    private final ClipLibrary clips;
    private final StagedEvaluator evaluator;
    private final Clock clock;

    public EvaluationService(ExperimentStore store, ArtifactStore artifacts, ClipLibrary clips,
                             StagedEvaluator evaluator, Clock clock) {
        this.store = store;
        this.artifacts = artifacts;
        this.clips = clips;
        this.evaluator = evaluator;
        this.clock = clock;
    }

    /** The champion and the clip (a path or {@code s3://bucket/key}) are loaded first; the clip is both sets. */
    public EvaluationReport evaluate(CodecProgram program, String clipSpec, StageListener listener) {
        var clip = clips.load(clipSpec);
        var champion = Champions.current(store, artifacts, clock);
        var championCode = Champions.code(champion, artifacts);
        var result = evaluator.evaluate(program, championCode, List.of(clip), List.of(clip), listener);
        return new EvaluationReport(clip.name(), champion.version(), result);
    }

    /** The clip's name, the champion version compared against, and the evaluation (scored or failed). */
    public record EvaluationReport(String clip, int championVersion, ProgramEvaluation evaluation) {
        public boolean scored() {
            return evaluation instanceof ProgramEvaluation.Scored;
        }
    }
}
