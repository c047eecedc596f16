package io.codeclab.orchestrator.experiment;

import java.util.Objects;

/**
 * A request to make an experiment's program the next champion: the champion must still be at
 * {@code fromVersion}, the experiment still SCORED and its lease still held by {@code leaseOwner}, else
 * nothing changes.
 */
public record Adoption(String experimentId, String leaseOwner, int fromVersion, String codeKey, String codeSha256,
                       double bdRateVsPreviousPercent) {
    public Adoption {
        Objects.requireNonNull(experimentId, "experimentId");
        Objects.requireNonNull(leaseOwner, "leaseOwner");
        Objects.requireNonNull(codeKey, "codeKey");
        Objects.requireNonNull(codeSha256, "codeSha256");
    }

    public int toVersion() {
        return fromVersion + 1;
    }
}
