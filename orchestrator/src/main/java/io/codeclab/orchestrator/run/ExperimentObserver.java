package io.codeclab.orchestrator.run;

import io.codeclab.eval.harness.CodecProgram;
import io.codeclab.eval.harness.EvaluationFailure;
import io.codeclab.eval.protocol.StageListener;
import io.codeclab.orchestrator.experiment.ExperimentRecord;
import io.codeclab.orchestrator.propose.Proposal;
import java.time.Duration;
import java.util.List;

/**
 * Told about each experiment the runner evaluates, with what a plain {@link StageListener} cannot know: which
 * experiment, its code and its parent's, who proposed it and what the proposer was shown. The execution log is one.
 * An observer must not throw: it is told from inside the experiment.
 */
public interface ExperimentObserver {

    /** The experiment is recorded (PROPOSED) and about to be evaluated; the attempt returned hears the evaluation. */
    Attempt started(Started experiment);

    /**
     * @param recent      the recent experiments the proposer's feedback came from, newest first
     * @param proposingTook how long the proposal took
     */
    record Started(String experimentId, Proposal proposal, CodecProgram parent, List<ExperimentRecord> recent,
                   Duration proposingTook) {
        public Started {
            recent = List.copyOf(recent);
        }
    }

    /** One experiment's evaluation, as it happens, and how it ended. */
    interface Attempt extends StageListener {

        /** The evaluation failed with {@code failure}. */
        default void failed(EvaluationFailure failure) {
        }

        /** The experiment is over (whatever its ending, also after an error inside the orchestrator). */
        default void ended() {
        }
    }
}
