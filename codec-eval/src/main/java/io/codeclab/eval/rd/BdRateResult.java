package io.codeclab.eval.rd;

/**
 * @param bdRatePercent  average bitrate difference of the test curve against the anchor at equal PSNR, in
 *                       percent; negative = the test needs fewer bits
 * @param overlapPercent length of the PSNR interval both curves cover, as a percentage of the length of the
 *                       interval either covers (intersection over union)
 * @param lowOverlap     {@code overlapPercent < 75}: the figure rests on a small part of the curves and
 *                       should be read with care
 */
public record BdRateResult(double bdRatePercent, double overlapPercent, boolean lowOverlap) {

    public static final double LOW_OVERLAP_PERCENT = 75;
}
