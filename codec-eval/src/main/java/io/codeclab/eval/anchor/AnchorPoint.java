package io.codeclab.eval.anchor;

import io.codeclab.eval.rd.RatePoint;

/**
 * One x264 encode of the clip: its CRF, the size of the H.264 elementary stream, the bitrate at the clip's
 * frame rate, and distortion of the decoded RGB frames measured by
 * {@link io.codeclab.eval.metrics.RgbMetrics}.
 */
public record AnchorPoint(int crf, long bytes, double kbps, double psnrY, double psnrRgb, double ssimY) {

    /** The point on the rate / PSNR-Y plane, as BD-rate uses it. */
    public RatePoint ratePoint() {
        return new RatePoint(kbps, psnrY);
    }
}
