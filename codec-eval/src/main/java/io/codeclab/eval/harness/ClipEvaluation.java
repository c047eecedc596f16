package io.codeclab.eval.harness;

import java.util.List;

/** The outcome of one codec program on one clip: points at every quality, or the first failure. */
public sealed interface ClipEvaluation {

    String clip();

    /** Every sandbox run made, in order (for the record and the logs). */
    List<SandboxRun> runs();

    record Scored(String clip, List<QualityPoint> points, List<SandboxRun> runs) implements ClipEvaluation {
        public Scored {
            points = List.copyOf(points);
            runs = List.copyOf(runs);
        }
    }

    record Failed(String clip, EvaluationFailure failure, List<SandboxRun> runs) implements ClipEvaluation {
        public Failed {
            runs = List.copyOf(runs);
        }
    }
}
