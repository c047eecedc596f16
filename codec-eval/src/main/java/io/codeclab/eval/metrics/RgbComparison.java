package io.codeclab.eval.metrics;

import java.util.List;

/**
 * Result of {@link RgbMetrics#compare}.
 *
 * @param frames  number of frames compared
 * @param psnrY   PSNR of the luma MSE averaged over frames (pooled MSE, as ffmpeg's per-plane summary)
 * @param psnrRgb PSNR of the MSE over all R, G and B samples, averaged over frames (as ffmpeg's
 *                {@code average} on gbrp input, where the three planes weigh the same)
 * @param ssimY   mean over frames of the per-frame SSIM of the luma plane
 * @param perFrame the same three values for each frame
 */
public record RgbComparison(int frames, double psnrY, double psnrRgb, double ssimY, List<FrameScore> perFrame) {

    public RgbComparison {
        perFrame = List.copyOf(perFrame);
    }
}
