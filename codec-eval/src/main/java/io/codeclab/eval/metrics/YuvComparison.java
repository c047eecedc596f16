package io.codeclab.eval.metrics;

import java.util.List;

/**
 * Result of {@link YuvMetrics#compare}: the clip summaries ffmpeg's {@code psnr} and {@code ssim} filters
 * print, and per-frame values.
 *
 * @param frames number of frames compared
 * @param psnr   per plane: PSNR of the MSE averaged over all frames (pooled, not the mean of per-frame PSNR);
 *               {@code all}: PSNR of the per-frame MSE averaged over planes weighted by pixel count
 *               (4:1:1 for 4:2:0), averaged over frames - ffmpeg's {@code average}
 * @param ssim   per plane: mean over frames of the per-frame SSIM; {@code all}: mean over frames of the
 *               per-frame SSIM averaged over planes weighted by pixel count - ffmpeg's {@code All}
 */
public record YuvComparison(int frames, PlaneScores psnr, PlaneScores ssim, List<YuvFrameScore> perFrame) {

    public YuvComparison {
        perFrame = List.copyOf(perFrame);
    }
}
