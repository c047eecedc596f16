package io.codeclab.orchestrator.propose;

import io.codeclab.eval.harness.CodecProgram;
import io.codeclab.orchestrator.experiment.Champion;
import io.codeclab.orchestrator.experiment.ExperimentRecord;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a proposer may build on: the champion and its code, recent experiments (with their metrics and
 * failures), the code hashes already evaluated (never worth proposing again), the feedback text computed
 * once for this experiment from every {@link Feedback} source, and the {@link Lineage}: the parent drawn from the
 * program database (the champion unless the search chose another) and the inspirations shown beside it.
 */
public record ExperimentContext(Champion champion, CodecProgram championProgram, List<ExperimentRecord> recent,
                                Set<String> evaluatedHashes, String feedback, Lineage lineage) {
    public ExperimentContext {
        recent = List.copyOf(recent);
        evaluatedHashes = Set.copyOf(evaluatedHashes);
        Objects.requireNonNull(feedback, "feedback");
        Objects.requireNonNull(lineage, "lineage");
    }

    /** Built on the champion, without a program database. */
    public ExperimentContext(Champion champion, CodecProgram championProgram, List<ExperimentRecord> recent,
                             Set<String> evaluatedHashes, String feedback) {
        this(champion, championProgram, recent, evaluatedHashes, feedback,
                Lineage.ofChampion(champion, championProgram));
    }

    /** The program this proposal builds on. */
    public CodecProgram parentProgram() {
        return lineage.parent();
    }

    /** Whether the parent is the champion's code. */
    public boolean buildsOnChampion() {
        return lineage.parent().sha256().equals(championProgram.sha256());
    }
}
