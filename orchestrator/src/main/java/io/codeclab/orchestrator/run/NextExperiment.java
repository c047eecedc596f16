package io.codeclab.orchestrator.run;

import io.codeclab.eval.harness.CodecProgram;
import io.codeclab.orchestrator.artifact.ArtifactStore;
import io.codeclab.orchestrator.experiment.Champion;
import io.codeclab.orchestrator.experiment.ExperimentRecord;
import io.codeclab.orchestrator.experiment.ExperimentStore;
import io.codeclab.orchestrator.propose.ExperimentContext;
import io.codeclab.orchestrator.propose.Feedback;
import io.codeclab.orchestrator.search.ProgramSearch;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;

/**
 * What the next experiment's proposer is given, read the way {@link ExperimentRunner} reads it: the current
 * champion and its verified code, the latest {@value #HISTORY} experiments, the hashes evaluated already and
 * the feedback text. The {@code prompt} command shows the prompt built from it without running anything.
 */
public final class NextExperiment {

    /** How many recent experiments a proposer sees. */
    public static final int HISTORY = 200;

    private NextExperiment() {
    }

    /**
     * @throws ChampionCodeException when the champion's code is missing or not what its record names
     */
    public static ExperimentContext context(ExperimentStore store, ArtifactStore artifacts, Clock clock,
                                            Feedback feedback) {
        return context(store, artifacts, clock, feedback, ProgramSearch.championOnly());
    }

    /** The same, with the parent and inspirations drawn from the program database as the runner draws them. */
    public static ExperimentContext context(ExperimentStore store, ArtifactStore artifacts, Clock clock,
                                            Feedback feedback, ProgramSearch search) {
        Champion champion = Champions.current(store, artifacts, clock);
        CodecProgram code = Champions.code(champion, artifacts);
        List<ExperimentRecord> recent = store.latest(HISTORY);
        var evaluated = new HashSet<String>();
        recent.forEach(r -> evaluated.add(r.codeSha256()));
        store.versions().forEach(v -> evaluated.add(v.codeSha256()));
        evaluated.remove("");
        return new ExperimentContext(champion, code, recent, evaluated, feedback.text(recent),
                search.lineage(champion, code));
    }
}
