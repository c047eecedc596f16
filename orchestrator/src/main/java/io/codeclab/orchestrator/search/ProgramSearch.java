package io.codeclab.orchestrator.search;

import io.codeclab.eval.harness.CodecProgram;
import io.codeclab.eval.protocol.NoveltyGate;
import io.codeclab.orchestrator.experiment.Champion;
import io.codeclab.orchestrator.experiment.ExperimentRecord;
import io.codeclab.orchestrator.propose.Lineage;
import java.util.Optional;

/**
 * The runner's view of the search: what the next proposal builds on, and what a scored experiment adds to the
 * program database. {@link #championOnly()} is the search before issue 16 (always the champion, nothing kept).
 */
public interface ProgramSearch {

    /** The parent and inspirations of the next proposal; never fails an experiment (falls back to the champion). */
    Lineage lineage(Champion champion, CodecProgram championCode);

    /** Adds a scored experiment's program to the database (a record without a BD-rate is not ranked). */
    void scored(ExperimentRecord record, CodecProgram program);

    /**
     * Claims a program for an experiment before it is evaluated; {@link ProgramDatabase.Claim.Taken} when another
     * experiment holds it (the caller asks for another program).
     */
    ProgramDatabase.Claim claim(String normalizedSha256, String experimentId);

    /**
     * The novelty gate of one experiment: its behaviour hash is claimed like its code hash (key {@code behaviour:}
     * and the hash), so a program that behaves like one another experiment claimed stops after the smoke stage.
     */
    default NoveltyGate novelty(String experimentId) {
        return behaviour -> claim(BEHAVIOUR_PREFIX + behaviour, experimentId) instanceof ProgramDatabase.Claim.Taken t
                ? Optional.of("the program of experiment " + t.byExperimentId()) : Optional.empty();
    }

    /** Behaviour claims share the programs table with code claims, told apart by this prefix. */
    String BEHAVIOUR_PREFIX = "behaviour:";

    static ProgramSearch championOnly() {
        return new ProgramSearch() {
            @Override
            public Lineage lineage(Champion champion, CodecProgram championCode) {
                return Lineage.ofChampion(champion, championCode);
            }

            @Override
            public void scored(ExperimentRecord record, CodecProgram program) {
            }

            @Override
            public ProgramDatabase.Claim claim(String normalizedSha256, String experimentId) {
                return new ProgramDatabase.Claim.Claimed(normalizedSha256);
            }
        };
    }
}
