package io.codeclab.orchestrator.search;

import io.codeclab.eval.harness.CodecProgram;
import io.codeclab.orchestrator.artifact.ArtifactStore;
import io.codeclab.orchestrator.artifact.ArtifactStoreException;
import io.codeclab.orchestrator.experiment.Champion;
import io.codeclab.orchestrator.experiment.ExperimentRecord;
import io.codeclab.orchestrator.experiment.ExperimentStatus;
import io.codeclab.orchestrator.experiment.ExperimentStore;
import io.codeclab.orchestrator.experiment.SearchChoices;
import io.codeclab.orchestrator.propose.Lineage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The search on the program database: parents and inspirations drawn by {@link ParentSelector}, their code read
 * from the artifact store (and checked against the hash the database names), and every scored program entered
 * with its metrics, lineage and behaviour cell.
 */
public final class DatabaseSearch implements ProgramSearch {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseSearch.class);

    /** A claim whose experiment was never recorded is taken over after this long (its process died in between). */
    static final Duration ORPHANED_CLAIM = Duration.ofMinutes(10);

    private final ProgramDatabase programs;
    private final ExperimentStore experiments;
    private final ArtifactStore artifacts;
    private final ParentSelector selector;
    private final Clock clock;

    public DatabaseSearch(ProgramDatabase programs, ExperimentStore experiments, ArtifactStore artifacts,
                          SearchSettings settings, RandomGenerator random, Clock clock) {
        this.programs = programs;
        this.experiments = experiments;
        this.artifacts = artifacts;
        this.clock = clock;
        this.selector = new ParentSelector(programs, settings, random, champion -> champion.experimentId().isEmpty()
                ? Optional.empty()
                : experiments.find(champion.experimentId()).map(ExperimentRecord::normalizedSha256)
                        .filter(h -> !h.isEmpty()).flatMap(programs::find));
    }

    @Override
    public Lineage lineage(Champion champion, CodecProgram championCode) {
        Selection selection;
        try {
            selection = selector.select(champion);
        } catch (SearchException e) {
            LOG.warn("the program database cannot be read ({}); this experiment builds on the champion", e.getMessage());
            return new Lineage(championCode, champion.experimentId(), List.of(), new SearchChoices(
                    new SearchChoices.Choice(champion.experimentId(), SearchChoices.Choice.CHAMPION,
                            "the champion v" + champion.version() + "; the program database could not be read"),
                    List.of()));
        }
        var parentChoice = selection.parent().choice();
        CodecProgram parent = championCode;
        String parentId = champion.experimentId();
        if (selection.parent() instanceof Selection.Pick.OfProgram p) {
            var code = code(p.entry());
            if (code.isPresent()) {
                parent = code.get();
                parentId = p.entry().experimentId();
            } else {
                parentChoice = new SearchChoices.Choice(champion.experimentId(), SearchChoices.Choice.CHAMPION,
                        "the champion v" + champion.version() + ": the drawn parent (" + parentChoice.why()
                                + ", experiment " + p.entry().experimentId() + ") has no readable code at "
                                + p.entry().codeKey());
            }
        }
        var inspirations = new ArrayList<Lineage.Inspiration>();
        var inspirationChoices = new ArrayList<SearchChoices.Choice>();
        for (var i : selection.inspirations()) {
            code(i.entry()).ifPresent(c -> {
                inspirations.add(new Lineage.Inspiration(i.entry().experimentId(), i.choice().why(), c.source(),
                        i.entry().score(), i.entry().scoreBasis(), i.entry().behaviour().describe()));
                inspirationChoices.add(i.choice());
            });
        }
        return new Lineage(parent, parentId, inspirations, new SearchChoices(parentChoice, inspirationChoices));
    }

    @Override
    public void scored(ExperimentRecord record, CodecProgram program) {
        entry(record, program, clock).ifPresent(e -> {
            try {
                programs.record(e);
            } catch (SearchException x) {
                // The experiment stands without it; the program is only missing from later parent draws.
                LOG.warn("experiment {}: not entered in the program database: {}", record.id(), x.getMessage());
            }
        });
    }

    @Override
    public ProgramDatabase.Claim claim(String normalizedSha256, String experimentId) {
        try {
            var now = clock.instant();
            var claim = programs.claim(normalizedSha256, experimentId, now);
            if (claim instanceof ProgramDatabase.Claim.Taken t) {
                if (t.byExperimentId().equals(experimentId)) {
                    return new ProgramDatabase.Claim.Claimed(normalizedSha256);
                }
                var holder = experiments.find(t.byExperimentId());
                boolean dead = holder.map(h -> h.status() == ExperimentStatus.ABANDONED)
                        .orElse(t.claimedAt().isBefore(now.minus(ORPHANED_CLAIM)));
                if (dead && programs.takeOver(normalizedSha256, t.byExperimentId(), experimentId, now)) {
                    LOG.info("experiment {} takes over program {} from experiment {} ({})", experimentId,
                            normalizedSha256, t.byExperimentId(), holder.isPresent() ? "abandoned" : "never recorded");
                    return new ProgramDatabase.Claim.Claimed(normalizedSha256);
                }
            }
            return claim;
        } catch (SearchException e) {
            // Evaluating a program twice costs time; refusing every program would stop the search.
            LOG.warn("experiment {}: program {} not claimed, the program database cannot be written ({}); evaluating"
                    + " it anyway", experimentId, normalizedSha256, e.getMessage());
            return new ProgramDatabase.Claim.Claimed(normalizedSha256);
        }
    }

    /** The database entry of a scored record; empty when it has no BD-rate, normalised hash or code artifact. */
    static Optional<ProgramEntry> entry(ExperimentRecord r, CodecProgram program, Clock clock) {
        String codeKey = r.artifacts().getOrDefault("code", "");
        if (r.normalizedSha256().isEmpty() || codeKey.isEmpty()
                || r.bdRateVsX264Percent() == null && r.bdRateVsChampionPercent() == null) {
            return Optional.empty();
        }
        boolean x264 = r.bdRateVsX264Percent() != null;
        double score = x264 ? r.bdRateVsX264Percent() : r.bdRateVsChampionPercent();
        int bytes = program.source().getBytes(StandardCharsets.UTF_8).length;
        return Optional.of(new ProgramEntry(r.normalizedSha256(), r.codeSha256(), r.id(), r.parentExperimentId(),
                r.source(), codeKey, score, x264 ? ProgramEntry.X264 : "champion v" + r.championVersion(),
                Behaviour.of(r.points(), bytes),
                r.points().stream().mapToDouble(p -> p.bpp()).average().orElse(0),
                r.points().stream().mapToDouble(p -> p.decodeFps()).average().orElse(0), bytes, clock.instant()));
    }

    private Optional<CodecProgram> code(ProgramEntry e) {
        try {
            var program = artifacts.get(e.codeKey()).map(b -> new CodecProgram(new String(b, StandardCharsets.UTF_8)));
            if (program.isPresent() && !program.get().sha256().equals(e.codeSha256())) {
                LOG.warn("the code of experiment {} at {} does not have the SHA-256 its database entry names; not used",
                        e.experimentId(), e.codeKey());
                return Optional.empty();
            }
            return program;
        } catch (ArtifactStoreException x) {
            LOG.warn("the code of experiment {} at {} cannot be read ({}); not used", e.experimentId(), e.codeKey(),
                    x.getMessage());
            return Optional.empty();
        }
    }
}
