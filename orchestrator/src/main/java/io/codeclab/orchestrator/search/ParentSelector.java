package io.codeclab.orchestrator.search;

import io.codeclab.orchestrator.experiment.Champion;
import io.codeclab.orchestrator.experiment.SearchChoices.Choice;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Draws the parent of the next proposal and its inspirations from the program database, mixing exploitation
 * (the champion; one of the top k by score) and exploration (the best program of another behaviour cell,
 * MAP-Elites style) by the weights of {@link SearchSettings}. A mode with nothing to draw from (an empty
 * database) falls back to the next more exploiting one and says so in the recorded reason. Inspirations are
 * the best program that is neither parent nor champion, then the best of other cells, drawn at random.
 */
public final class ParentSelector {

    private final ProgramDatabase programs;
    private final SearchSettings settings;
    private final RandomGenerator random;
    private final Function<Champion, Optional<ProgramEntry>> championEntry;

    /** @param championEntry the champion's own entry in the database, if it was scored as a challenger */
    public ParentSelector(ProgramDatabase programs, SearchSettings settings, RandomGenerator random,
                          Function<Champion, Optional<ProgramEntry>> championEntry) {
        this.programs = programs;
        this.settings = settings;
        this.random = random;
        this.championEntry = championEntry;
    }

    public Selection select(Champion champion) {
        var own = championEntry.apply(champion);
        double total = settings.championWeight() + settings.topKWeight() + settings.exploreWeight();
        double u = random.nextDouble() * total;
        var elites = new Elites();
        Selection.Pick parent;
        if (u < settings.championWeight()) {
            parent = champion(champion, "drawn: exploitation (weight " + weight(settings.championWeight(), total) + ")");
        } else if (u < settings.championWeight() + settings.topKWeight()) {
            parent = topK(champion).orElseGet(() -> champion(champion,
                    "top-k drawn, but the database holds no scored program besides the champion yet"));
        } else {
            parent = explore(champion, own, elites).or(() -> topK(champion)).orElseGet(() -> champion(champion,
                    "exploration drawn, but no other behaviour cell holds a scored program yet"));
        }
        return new Selection(parent, inspirations(champion, parent, own, elites));
    }

    private Selection.Pick champion(Champion champion, String why) {
        return new Selection.Pick.OfChampion(new Choice(champion.experimentId(), Choice.CHAMPION,
                "the champion v" + champion.version() + "; " + why));
    }

    private Optional<Selection.Pick> topK(Champion champion) {
        var best = programs.best(settings.topK() + 1).stream()
                .filter(e -> !isChampion(e, champion)).limit(settings.topK()).toList();
        if (best.isEmpty()) {
            return Optional.empty();
        }
        int rank = random.nextInt(best.size());
        var e = best.get(rank);
        return Optional.of(new Selection.Pick.OfProgram(e, new Choice(e.experimentId(), Choice.TOP_K,
                String.format(Locale.ROOT, "rank %d of the top %d by BD-rate (%s), %s", rank + 1, best.size(),
                        score(e), e.behaviour().describe()))));
    }

    private Optional<Selection.Pick> explore(Champion champion, Optional<ProgramEntry> own, Elites elites) {
        var cells = elites.all().stream()
                .filter(e -> !isChampion(e, champion))
                .filter(e -> own.map(o -> !o.behaviour().equals(e.behaviour())).orElse(true))
                .toList();
        if (cells.isEmpty()) {
            return Optional.empty();
        }
        var e = cells.get(random.nextInt(cells.size()));
        return Optional.of(new Selection.Pick.OfProgram(e, new Choice(e.experimentId(), Choice.EXPLORE,
                String.format(Locale.ROOT, "exploration: the best of behaviour cell %s (%s), one of %d other"
                        + " occupied cells; BD-rate %s", e.behaviour().cell(), e.behaviour().describe(), cells.size(),
                        score(e)))));
    }

    private List<Selection.Pick.OfProgram> inspirations(Champion champion, Selection.Pick parent,
                                                        Optional<ProgramEntry> own, Elites elites) {
        int wanted = settings.inspirations();
        var out = new ArrayList<Selection.Pick.OfProgram>();
        if (wanted == 0) {
            return out;
        }
        Set<String> taken = new HashSet<>();
        taken.add(parent.choice().experimentId());
        taken.add(champion.experimentId());
        programs.best(wanted + 2).stream().filter(e -> !taken.contains(e.experimentId())).findFirst().ifPresent(e -> {
            taken.add(e.experimentId());
            out.add(new Selection.Pick.OfProgram(e, new Choice(e.experimentId(), Choice.INSPIRATION,
                    "the best program that is neither parent nor champion (BD-rate " + score(e) + ")")));
        });
        var parentCell = parent instanceof Selection.Pick.OfProgram p ? Optional.of(p.entry().behaviour())
                : own.map(ProgramEntry::behaviour);
        var others = new ArrayList<>(elites.all().stream().filter(e -> !taken.contains(e.experimentId()))
                .filter(e -> parentCell.map(c -> !c.equals(e.behaviour())).orElse(true)).toList());
        while (out.size() < wanted && !others.isEmpty()) {
            var e = others.remove(random.nextInt(others.size()));
            out.add(new Selection.Pick.OfProgram(e, new Choice(e.experimentId(), Choice.INSPIRATION,
                    "the best of another behaviour cell, " + e.behaviour().cell() + " (" + e.behaviour().describe()
                            + "; BD-rate " + score(e) + ")")));
        }
        return out;
    }

    private static boolean isChampion(ProgramEntry e, Champion champion) {
        return !champion.experimentId().isEmpty() && e.experimentId().equals(champion.experimentId())
                || e.codeSha256().equals(champion.codeSha256());
    }

    static String score(ProgramEntry e) {
        return String.format(Locale.ROOT, "%+.2f %% against %s", e.score(), e.scoreBasis());
    }

    private static String weight(double w, double total) {
        return String.format(Locale.ROOT, "%.2f of %.2f", w, total);
    }

    /** The best program of each occupied cell, read at most once per selection (one Query per cell). */
    private final class Elites {
        private List<ProgramEntry> all;

        List<ProgramEntry> all() {
            if (all == null) {
                var found = new ArrayList<ProgramEntry>();
                for (var cell : Behaviour.grid()) {
                    found.addAll(programs.bestOf(cell, 1));
                }
                all = found;
            }
            return all;
        }
    }
}
