package io.codeclab.orchestrator.experiment;

import java.util.Objects;

/**
 * A request to make an experiment's program the next champion: the champion must still be at
 * {@code fromVersion} and the experiment still SCORED, else nothing changes.
 */
public record Adoption(String experimentId, int fromVersion, String codeKey, String codeSha256,
                       double bdRateVsPreviousPercent) {
    public Adoption {
        Objects.requireNonNull(experimentId, "experimentId");
        Objects.requireNonNull(codeKey, "codeKey");
        Objects.requireNonNull(codeSha256, "codeSha256");
    }

    public int toVersion() {
        return fromVersion + 1;
    }
}
