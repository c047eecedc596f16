package io.codeclab.orchestrator.search;

import java.time.Instant;
import java.util.Objects;

/**
 * One scored program in the database.
 *
 * <p>{@code score} is the fitness, a BD-rate in percent (lower is better): against x264 when the anchor is on
 * ({@code scoreBasis} {@value #X264}), since that yardstick is the same for every program; otherwise against the
 * champion the program was measured with ({@code scoreBasis} {@code champion v<N>}), which compares programs of
 * one champion well and programs of different champions only roughly.
 *
 * @param normalizedSha256  the program's identity (code without comments and spacing) and the table's key
 * @param experimentId      the experiment that scored it
 * @param parentExperimentId the experiment whose program it was built on (empty: version 0 or a template)
 * @param codeKey           where its code is in the artifact store
 * @param meanBpp           mean bits per pixel of its headline points
 * @param meanDecodeFps     mean decode frames per second of its headline points
 */
public record ProgramEntry(String normalizedSha256, String codeSha256, String experimentId,
                           String parentExperimentId, String source, String codeKey, double score, String scoreBasis,
                           Behaviour behaviour, double meanBpp, double meanDecodeFps, int codeBytes,
                           Instant scoredAt) {

    public static final String X264 = "x264";

    public ProgramEntry {
        Objects.requireNonNull(normalizedSha256, "normalizedSha256");
        Objects.requireNonNull(codeSha256, "codeSha256");
        Objects.requireNonNull(experimentId, "experimentId");
        Objects.requireNonNull(parentExperimentId, "parentExperimentId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(codeKey, "codeKey");
        Objects.requireNonNull(scoreBasis, "scoreBasis");
        Objects.requireNonNull(behaviour, "behaviour");
        Objects.requireNonNull(scoredAt, "scoredAt");
        if (!Double.isFinite(score)) {
            throw new IllegalArgumentException("score must be finite, was " + score);
        }
    }
}
