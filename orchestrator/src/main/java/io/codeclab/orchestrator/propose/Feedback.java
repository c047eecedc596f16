package io.codeclab.orchestrator.propose;

import io.codeclab.orchestrator.experiment.ExperimentRecord;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What a proposer is told about the search so far, as prompt text. Several sources feed it: the recent
 * experiments' failures and results ({@link RecentExperimentsFeedback}) now, the execution log's
 * recommendations next. Computed once per experiment, stored as its {@code feedback} artifact.
 */
@FunctionalInterface
public interface Feedback {

    /** Prompt text from the recent experiments (newest first); empty when there is nothing to say. */
    String text(List<ExperimentRecord> recent);

    /** The failures and best results of the recent experiments. */
    static Feedback recentExperiments() {
        return new RecentExperimentsFeedback();
    }

    /** Every source's text, in order, the empty ones left out. */
    static Feedback of(List<Feedback> sources) {
        var copy = List.copyOf(sources);
        copy.forEach(s -> Objects.requireNonNull(s, "source"));
        return recent -> copy.stream().map(s -> s.text(recent)).filter(t -> !t.isEmpty())
                .collect(Collectors.joining("\n"));
    }
}
