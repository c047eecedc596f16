package io.codeclab.orchestrator.experiment;

import java.time.Instant;

/**
 * One entry of the adoption history. {@code bdRateVsPreviousPercent} is {@code null} for version 0.
 */
public record VersionRecord(int version, String experimentId, Instant adoptedAt, Double bdRateVsPreviousPercent,
                            String codeKey, String codeSha256) {
}
