package io.codeclab.eval.protocol;

import io.codeclab.eval.harness.SandboxRun;
import io.codeclab.eval.policy.PolicyVerdict;
import java.util.List;

/**
 * Told what an evaluation does as it happens: a stage starts, the policy verdict, each sandbox run, a stage
 * ends. Callers record phases, keep logs or show progress; {@link #all} publishes to any number of them.
 */
public interface StageListener {

    StageListener NONE = new StageListener() {
    };

    default void stageStarted(Stage stage) {
    }

    /** The policy stage's verdict, accepted or not, before any code runs. */
    default void policyChecked(PolicyVerdict verdict) {
    }

    /** One sandbox run (one side of one quality of one clip), told as soon as its clip's scoring returns. */
    default void sandboxRunFinished(SandboxRun run) {
    }

    /** The stage ended (passed or failed) with all its sandbox runs, in order. */
    default void stageFinished(Stage stage, List<SandboxRun> runs) {
    }

    /**
     * One listener that tells each of {@code listeners}, in order. A listener that throws stops the
     * evaluation (it is not skipped): a recorder that cannot record must not let the experiment go on.
     */
    static StageListener all(List<StageListener> listeners) {
        var copy = List.copyOf(listeners);
        return new StageListener() {
            @Override
            public void stageStarted(Stage stage) {
                copy.forEach(l -> l.stageStarted(stage));
            }

            @Override
            public void policyChecked(PolicyVerdict verdict) {
                copy.forEach(l -> l.policyChecked(verdict));
            }

            @Override
            public void sandboxRunFinished(SandboxRun run) {
                copy.forEach(l -> l.sandboxRunFinished(run));
            }

            @Override
            public void stageFinished(Stage stage, List<SandboxRun> runs) {
                copy.forEach(l -> l.stageFinished(stage, runs));
            }
        };
    }
}
