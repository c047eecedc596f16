package io.codeclab.eval.harness;

import java.util.List;

/** The outcome of one codec program on one clip: points at every quality, or the first failure. */
public sealed interface ClipEvaluation {

    String clip();

    /** Every sandbox run made, in order (for the record and the logs). */
    List<SandboxRun> runs();

    /**
     * @param bitstreamSha256 per point, in the same order, the SHA-256 (hex) of the bitstream it was measured on: two
     *                        programs with the same hashes behaved alike on this clip (empty where not kept)
     */
    record Scored(String clip, List<QualityPoint> points, List<SandboxRun> runs, List<String> bitstreamSha256)
            implements ClipEvaluation {
        public Scored {
            points = List.copyOf(points);
            runs = List.copyOf(runs);
            bitstreamSha256 = bitstreamSha256 == null ? List.of() : List.copyOf(bitstreamSha256);
        }

        /** Scored without bitstream hashes. */
        public Scored(String clip, List<QualityPoint> points, List<SandboxRun> runs) {
            this(clip, points, runs, List.of());
        }
    }

    record Failed(String clip, EvaluationFailure failure, List<SandboxRun> runs) implements ClipEvaluation {
        public Failed {
            runs = List.copyOf(runs);
        }
    }
}
