package io.codeclab.eval.protocol;

import io.codeclab.eval.harness.SandboxRun;
import io.codeclab.eval.policy.PolicyVerdict;
import java.util.List;

/** Told when a stage starts and what its sandbox runs were, so callers can record each phase as it happens. */
public interface StageListener {

    StageListener NONE = new StageListener() {
    };

    default void stageStarted(Stage stage) {
    }

    /** The policy stage's verdict, accepted or not, before any code runs. */
    default void policyChecked(PolicyVerdict verdict) {
    }

    default void stageFinished(Stage stage, List<SandboxRun> runs) {
    }
}
