package io.codeclab.orchestrator.experiment;

import java.util.List;
import java.util.Objects;

/**
 * What the program database gave an experiment's proposer, and why: the parent it builds on and the
 * inspirations shown beside it. Kept in the experiment's record so that every search choice can be audited
 * and measured afterwards. {@link #NONE} for experiments run without a program database.
 *
 * @param parent       the program built on
 * @param inspirations further programs shown to the proposer, best first
 */
public record SearchChoices(Choice parent, List<Choice> inspirations) {

    /** No program database: the proposer built on the champion, as before issue 16. */
    public static final SearchChoices NONE = new SearchChoices(new Choice("", Choice.NONE, ""), List.of());

    public SearchChoices {
        Objects.requireNonNull(parent, "parent");
        inspirations = List.copyOf(inspirations);
    }

    public boolean isNone() {
        return parent.mode().equals(Choice.NONE) && inspirations.isEmpty();
    }

    /**
     * One program chosen from the database.
     *
     * @param experimentId the experiment that scored it (empty for the built-in version 0)
     * @param mode         {@value #CHAMPION}, {@value #TOP_K}, {@value #EXPLORE} or {@value #INSPIRATION}
     * @param why          the reason in words, as shown in the prompt
     */
    public record Choice(String experimentId, String mode, String why) {
        public static final String NONE = "none";
        public static final String CHAMPION = "champion";
        public static final String TOP_K = "top-k";
        public static final String EXPLORE = "explore";
        public static final String INSPIRATION = "inspiration";

        public Choice {
            Objects.requireNonNull(experimentId, "experimentId");
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(why, "why");
        }
    }
}
