package io.codeclab.orchestrator.propose;

import io.codeclab.eval.harness.CodecProgram;
import io.codeclab.orchestrator.experiment.Champion;
import io.codeclab.orchestrator.experiment.ExperimentRecord;
import java.util.List;
import java.util.Set;

/**
 * What a proposer may build on: the champion and its code, recent experiments (with their metrics and
 * failures, for feedback), and the code hashes already evaluated (never worth proposing again).
 */
public record ExperimentContext(Champion champion, CodecProgram championProgram, List<ExperimentRecord> recent,
                                Set<String> evaluatedHashes) {
    public ExperimentContext {
        recent = List.copyOf(recent);
        evaluatedHashes = Set.copyOf(evaluatedHashes);
    }

    /** Concrete feedback from the recent experiments, as prompt text (see {@link Feedback}). */
    public String feedback() {
        return Feedback.from(recent);
    }
}
