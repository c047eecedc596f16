package io.codeclab.orchestrator.propose;

import io.codeclab.eval.harness.CodecProgram;
import io.codeclab.orchestrator.experiment.Champion;
import io.codeclab.orchestrator.experiment.SearchChoices;
import java.util.List;
import java.util.Objects;

/**
 * What a proposal builds on: the parent program drawn from the program database (the champion unless the search
 * chose another), the inspirations shown beside it, and those choices as they are recorded in the experiment.
 *
 * @param parentExperimentId the experiment that scored the parent (empty for the built-in version 0)
 */
public record Lineage(CodecProgram parent, String parentExperimentId, List<Inspiration> inspirations,
                      SearchChoices choices) {

    public Lineage {
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(parentExperimentId, "parentExperimentId");
        inspirations = List.copyOf(inspirations);
        Objects.requireNonNull(choices, "choices");
    }

    /** Built on the champion with no program database (the behaviour before issue 16). */
    public static Lineage ofChampion(Champion champion, CodecProgram championCode) {
        return new Lineage(championCode, champion.experimentId(), List.of(), SearchChoices.NONE);
    }

    /**
     * A program shown to the proposer for ideas, with why it was chosen and what it scored.
     *
     * @param score BD-rate in percent against {@code scoreBasis} (x264, or the champion it was measured with)
     * @param cell  its behaviour cell in words
     */
    public record Inspiration(String experimentId, String why, String code, double score, String scoreBasis,
                              String cell) {
        public Inspiration {
            Objects.requireNonNull(experimentId, "experimentId");
            Objects.requireNonNull(why, "why");
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(scoreBasis, "scoreBasis");
            Objects.requireNonNull(cell, "cell");
        }
    }
}
