package io.codeclab.eval.rd;

/** One rate-distortion point: bitrate in kbit/s (> 0) and PSNR in dB (finite). */
public record RatePoint(double kbps, double psnr) {

    public RatePoint {
        if (!(kbps > 0) || Double.isInfinite(kbps)) {
            throw new BdRateException("rate must be a positive finite number of kbit/s, was " + kbps);
        }
        if (!Double.isFinite(psnr)) {
            throw new BdRateException("PSNR must be finite, was " + psnr
                    + " (an identical, lossless point has no place on a BD-rate curve)");
        }
    }
}
