package io.codeclab.orchestrator.experiment;

import java.time.Instant;
import java.util.Objects;

/**
 * The adopted codec program of the moment: its version, the experiment that produced it (empty for the
 * built-in version 0), the artifact key of its code and its code hash.
 */
public record Champion(int version, String experimentId, String codeKey, String codeSha256, Instant adoptedAt) {
    public Champion {
        if (version < 0) {
            throw new IllegalArgumentException("version must not be negative, was " + version);
        }
        Objects.requireNonNull(experimentId, "experimentId");
        Objects.requireNonNull(codeKey, "codeKey");
        Objects.requireNonNull(codeSha256, "codeSha256");
        Objects.requireNonNull(adoptedAt, "adoptedAt");
    }
}
