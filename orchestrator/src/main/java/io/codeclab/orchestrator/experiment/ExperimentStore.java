package io.codeclab.orchestrator.experiment;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable experiment records, the champion and the adoption history. Every change is conditional, so
 * several orchestrators may share one store; no operation scans a table.
 */
public interface ExperimentStore {

    /**
     * How much earlier than its recorded expiry a lease holder stops trusting its lease: fenced writes and
     * heartbeats need {@code leaseExpiresAt > now + margin} by the writer's clock, while a sweep abandons a
     * lease once {@code leaseExpiresAt < now} by the sweeper's. So a sweeper whose clock runs up to this much
     * ahead of the holder's never abandons an experiment that is still being written (README, docs/storage.md).
     */
    Duration CLOCK_SKEW_MARGIN = Duration.ofSeconds(1);

    /** Creates tables and indexes that do not exist yet; safe to call from every process at start. */
    void ensureSchema();

    /**
     * Stores a new record (state PROPOSED) holding a lease for {@code owner} until {@code leaseUntil}.
     *
     * @throws ExperimentConflictException when the id exists already
     */
    ExperimentRecord create(ExperimentRecord record, String owner, Instant leaseUntil);

    /**
     * Applies one phase's update with a single UpdateItem, conditional on the expected states.
     *
     * @return the record after the update
     * @throws LeaseLostException          when the update is {@link ExperimentUpdate#leaseOwner() fenced} and
     *                                     that owner's lease expired or the experiment was abandoned
     * @throws ExperimentConflictException when the experiment is not in an expected state (or is missing)
     */
    ExperimentRecord update(String id, ExperimentUpdate update);

    /**
     * Extends the lease of a running experiment held by {@code owner} whose lease has not expired (less the
     * {@link #CLOCK_SKEW_MARGIN}); false when it is no longer ours: an expired lease is never renewed.
     */
    boolean heartbeat(String id, String owner, Instant leaseUntil);

    /** Marks running experiments whose lease ended before {@code now} ABANDONED, with the reason; returns their ids. */
    List<String> abandonExpired(Instant now);

    Optional<ExperimentRecord> find(String id);

    /** The newest experiments first. */
    List<ExperimentRecord> latest(int limit);

    /** The newest experiments in {@code status} first. */
    List<ExperimentRecord> byStatus(ExperimentStatus status, int limit);

    /** The next page after {@link #latest}: the newest experiments whose id sorts before {@code beforeId}. */
    List<ExperimentRecord> latestBefore(String beforeId, int limit);

    /** The next page after {@link #byStatus}: the newest in {@code status} whose id sorts before {@code beforeId}. */
    List<ExperimentRecord> byStatusBefore(ExperimentStatus status, String beforeId, int limit);

    /** Whether an experiment with this code hash was already evaluated (any state but ABANDONED). */
    Optional<ExperimentRecord> findByCodeSha256(String codeSha256);

    /**
     * Whether an experiment whose normalised code hash ({@code ExperimentRecord.normalizedSha256}) is this was
     * already evaluated (any state but ABANDONED): the same program up to comments and spacing.
     */
    Optional<ExperimentRecord> findByNormalizedSha256(String normalizedSha256);

    /** The current champion, if version 0 was initialised. */
    Optional<Champion> champion();

    /** Makes {@code versionZero} the champion if there is none yet (idempotent, race-safe); returns the champion. */
    Champion initialiseChampion(Champion versionZero);

    /**
     * In one transaction: the champion goes from {@code adoption.fromVersion()} to the next version, the
     * version is recorded in the history, and the experiment goes from SCORED to ADOPTED, fenced on the
     * lease of {@code adoption.leaseOwner()} like a phase update.
     *
     * @return the new champion
     * @throws LeaseLostException        when the adopter's lease expired or the experiment was abandoned
     * @throws AdoptionConflictException when another adoption took that version first or the experiment is not SCORED
     */
    Champion adopt(Adoption adoption);

    /** The adoption history, version 0 first. */
    List<VersionRecord> versions();

    /** How long leases last by default; heartbeats come at a third of it. */
    static Duration defaultLease() {
        return Duration.ofMinutes(2);
    }
}
