package io.codeclab.orchestrator.search;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Every distinct program codec-lab evaluated, by normalised code hash: claimed before its evaluation (so no two
 * workers pay for the same program), then, once scored, its metrics, lineage and behaviour cell. Read by Query
 * only: the best programs overall and the best of one behaviour cell.
 */
public interface ProgramDatabase {

    /** Creates the table when missing (safe from every process at start) and waits until it is active. */
    void ensureTable();

    /**
     * Claims {@code normalizedSha256} for {@code experimentId} with one conditional write: it succeeds for exactly
     * one claimant, whatever the number of workers racing.
     */
    Claim claim(String normalizedSha256, String experimentId, Instant now);

    /**
     * Moves an unscored claim from {@code fromExperimentId} (which will never evaluate it: abandoned, or never
     * recorded) to {@code toExperimentId}, conditional on it still being {@code fromExperimentId}'s; false when it
     * is not (someone else took it over first, or it was scored meanwhile).
     */
    boolean takeOver(String normalizedSha256, String fromExperimentId, String toExperimentId, Instant now);

    /** Stores a scored program under its claim (or claims it, when no one did). */
    void record(ProgramEntry entry);

    Optional<ProgramEntry> find(String normalizedSha256);

    /** The best scored programs (lowest score first). */
    List<ProgramEntry> best(int limit);

    /** The best scored programs of one behaviour cell (lowest score first). */
    List<ProgramEntry> bestOf(Behaviour cell, int limit);

    /** The answer to a claim. */
    sealed interface Claim {
        /** Ours: evaluate it. */
        record Claimed(String normalizedSha256) implements Claim {
        }

        /** Someone claimed it first: do not evaluate it again. */
        record Taken(String normalizedSha256, String byExperimentId, Instant claimedAt) implements Claim {
        }
    }
}
