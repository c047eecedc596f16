package io.codeclab.orchestrator.propose;

import io.codeclab.eval.harness.CodecProgram;
import io.codeclab.orchestrator.experiment.Champion;
import io.codeclab.orchestrator.experiment.ExperimentRecord;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a proposer may build on: the champion and its code, recent experiments (with their metrics and
 * failures), the code hashes already evaluated (never worth proposing again), and the feedback text computed
 * once for this experiment from every {@link Feedback} source.
 */
public record ExperimentContext(Champion champion, CodecProgram championProgram, List<ExperimentRecord> recent,
                                Set<String> evaluatedHashes, String feedback) {
    public ExperimentContext {
        recent = List.copyOf(recent);
        evaluatedHashes = Set.copyOf(evaluatedHashes);
        Objects.requireNonNull(feedback, "feedback");
    }
}
