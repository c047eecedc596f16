package io.codeclab.orchestrator.search;

import io.codeclab.orchestrator.experiment.SearchChoices;
import java.util.List;
import java.util.Objects;

/** What {@link ParentSelector} drew: the parent and the inspirations, each with the reason recorded for it. */
public record Selection(Pick parent, List<Pick.OfProgram> inspirations) {

    public Selection {
        Objects.requireNonNull(parent, "parent");
        inspirations = List.copyOf(inspirations);
    }

    /** The choices as the experiment's record keeps them. */
    public SearchChoices choices() {
        return new SearchChoices(parent.choice(), inspirations.stream().map(Pick::choice).toList());
    }

    /** One drawn program: the champion (whose code the runner has) or a program of the database. */
    public sealed interface Pick {
        SearchChoices.Choice choice();

        record OfChampion(SearchChoices.Choice choice) implements Pick {
        }

        record OfProgram(ProgramEntry entry, SearchChoices.Choice choice) implements Pick {
        }
    }
}
