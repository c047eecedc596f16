package io.codeclab.orchestrator.experiment;

import io.codeclab.eval.harness.QualityPoint;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One experiment as stored: created once (PROPOSED), then changed only by per-phase updates.
 *
 * <p>Within the orchestrator, components that a phase has not reached yet are {@code null}
 * ({@code adoptedVersion}, {@code bdRateVsChampionPercent}, {@code bdRateVsX264Percent}, {@code failure},
 * {@code leaseOwner}, {@code leaseExpiresAt}); lists and maps are never null. Large things (code, logs,
 * prompts, reports) live in the artifact store; {@code artifacts} maps their names to keys.
 * {@code normalizedSha256} hashes the code with comments, docstrings and spacing removed
 * ({@code propose.llm.NormalizedCode}): a program with that key was evaluated already, whatever its comments.
 * Empty when there is no code.
 */
public record ExperimentRecord(
        String id,
        ExperimentStatus status,
        int championVersion,
        Integer adoptedVersion,
        String source,
        String codeSha256,
        String parentExperimentId,
        String summary,
        LlmUsage llmUsage,
        List<ValidationViolation> violations,
        List<StageResult> stages,
        List<QualityPoint> points,
        Double bdRateVsChampionPercent,
        Double bdRateVsX264Percent,
        Failure failure,
        Map<String, String> artifacts,
        String leaseOwner,
        Instant leaseExpiresAt,
        Instant createdAt,
        Instant updatedAt,
        String normalizedSha256,
        SearchChoices searchChoices) {

    public ExperimentRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(codeSha256, "codeSha256");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        parentExperimentId = parentExperimentId == null ? "" : parentExperimentId;
        summary = summary == null ? "" : summary;
        llmUsage = llmUsage == null ? LlmUsage.NONE : llmUsage;
        violations = violations == null ? List.of() : List.copyOf(violations);
        stages = stages == null ? List.of() : List.copyOf(stages);
        points = points == null ? List.of() : List.copyOf(points);
        artifacts = artifacts == null ? Map.of() : Map.copyOf(artifacts);
        normalizedSha256 = normalizedSha256 == null ? "" : normalizedSha256;
        searchChoices = searchChoices == null ? SearchChoices.NONE : searchChoices;
    }

    /** A record made without a program database ({@link SearchChoices#NONE}). */
    public ExperimentRecord(String id, ExperimentStatus status, int championVersion, Integer adoptedVersion,
                            String source, String codeSha256, String parentExperimentId, String summary,
                            LlmUsage llmUsage, List<ValidationViolation> violations, List<StageResult> stages,
                            List<QualityPoint> points, Double bdRateVsChampionPercent, Double bdRateVsX264Percent,
                            Failure failure, Map<String, String> artifacts, String leaseOwner, Instant leaseExpiresAt,
                            Instant createdAt, Instant updatedAt, String normalizedSha256) {
        this(id, status, championVersion, adoptedVersion, source, codeSha256, parentExperimentId, summary, llmUsage,
                violations, stages, points, bdRateVsChampionPercent, bdRateVsX264Percent, failure, artifacts,
                leaseOwner, leaseExpiresAt, createdAt, updatedAt, normalizedSha256, SearchChoices.NONE);
    }

    /** A record without a normalised code hash (experiments from before it was kept, or without code). */
    public ExperimentRecord(String id, ExperimentStatus status, int championVersion, Integer adoptedVersion,
                            String source, String codeSha256, String parentExperimentId, String summary,
                            LlmUsage llmUsage, List<ValidationViolation> violations, List<StageResult> stages,
                            List<QualityPoint> points, Double bdRateVsChampionPercent, Double bdRateVsX264Percent,
                            Failure failure, Map<String, String> artifacts, String leaseOwner, Instant leaseExpiresAt,
                            Instant createdAt, Instant updatedAt) {
        this(id, status, championVersion, adoptedVersion, source, codeSha256, parentExperimentId, summary, llmUsage,
                violations, stages, points, bdRateVsChampionPercent, bdRateVsX264Percent, failure, artifacts,
                leaseOwner, leaseExpiresAt, createdAt, updatedAt, "", SearchChoices.NONE);
    }

    /** A fresh record in state PROPOSED, before anything ran. */
    public static ExperimentRecord proposed(String id, int championVersion, String source, String codeSha256,
                                            String parentExperimentId, String summary, LlmUsage usage,
                                            Instant now) {
        return proposed(id, championVersion, source, codeSha256, "", parentExperimentId, summary, usage, now);
    }

    /** A fresh record in state PROPOSED with the normalised hash of its code (the "evaluated already" key). */
    public static ExperimentRecord proposed(String id, int championVersion, String source, String codeSha256,
                                            String normalizedSha256, String parentExperimentId, String summary,
                                            LlmUsage usage, Instant now) {
        return proposed(id, championVersion, source, codeSha256, normalizedSha256, parentExperimentId, summary, usage,
                SearchChoices.NONE, now);
    }

    /** A fresh record in state PROPOSED with what the program database chose for its proposer. */
    public static ExperimentRecord proposed(String id, int championVersion, String source, String codeSha256,
                                            String normalizedSha256, String parentExperimentId, String summary,
                                            LlmUsage usage, SearchChoices choices, Instant now) {
        return new ExperimentRecord(id, ExperimentStatus.PROPOSED, championVersion, null, source, codeSha256,
                parentExperimentId, summary, usage, List.of(), List.of(), List.of(), null, null, null, Map.of(),
                null, null, now, now, normalizedSha256, choices);
    }

    /**
     * Whether the record still claims to run although its lease ran out before {@code now}: its process died
     * or lost contact, and the next sweep marks it ABANDONED. Shown as such by {@code experiments list/show}.
     */
    public boolean leaseExpired(Instant now) {
        return status.isRunning() && leaseExpiresAt != null && leaseExpiresAt.isBefore(now);
    }
}
