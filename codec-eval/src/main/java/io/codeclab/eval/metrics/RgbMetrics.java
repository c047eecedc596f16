package io.codeclab.eval.metrics;

import io.codeclab.eval.video.RgbVideo;
import java.util.ArrayList;

/**
 * Distortion of decoded RGB frames against the RGB frames the codec was given.
 *
 * <ul>
 *   <li><b>PSNR-RGB</b>: per frame, MSE over all 3 x W x H samples; clip value = PSNR of the mean of the
 *       per-frame MSEs. Equals ffmpeg's {@code psnr} filter {@code average} on the same frames as gbrp.</li>
 *   <li><b>PSNR-Y</b>: luma Y = 0.299 R + 0.587 G + 0.114 B (BT.601 weights on the RGB values, full range,
 *       computed in double, not rounded); per-frame MSE of Y, clip value = PSNR of the mean MSE.</li>
 *   <li><b>SSIM-Y</b>: ffmpeg/x264 SSIM (see {@link Ssim}) on that real-valued luma plane; clip value = mean of
 *       the per-frame values. On grey frames (R = G = B) luma is the integer sample and the value equals
 *       ffmpeg's {@code ssim} filter on gray input.</li>
 * </ul>
 * Identical frames give PSNR {@link Double#POSITIVE_INFINITY}. Frame sizes and counts must match (the frame
 * rate is not compared: it does not enter the metrics).
 */
public final class RgbMetrics {

    private RgbMetrics() {
    }

    public static RgbComparison compare(RgbVideo reference, RgbVideo distorted) {
        if (reference.width() != distorted.width() || reference.height() != distorted.height()) {
            throw new MetricsException("videos differ in size: reference " + reference.width() + "x" + reference.height()
                    + ", distorted " + distorted.width() + "x" + distorted.height());
        }
        if (reference.frameCount() != distorted.frameCount()) {
            throw new MetricsException("videos differ in frame count: reference " + reference.frameCount()
                    + ", distorted " + distorted.frameCount());
        }
        int w = reference.width();
        int h = reference.height();
        int n = reference.frameCount();
        double pixels = (double) w * h;
        double[] lumaRef = new double[w * h];
        double[] lumaDist = new double[w * h];
        double mseYSum = 0;
        double mseRgbSum = 0;
        double ssimSum = 0;
        var perFrame = new ArrayList<FrameScore>(n);
        for (int f = 0; f < n; f++) {
            byte[] ref = reference.frame(f);
            byte[] dist = distorted.frame(f);
            luma(ref, lumaRef);
            luma(dist, lumaDist);
            double mseRgb = Psnr.sse(ref, dist) / (3 * pixels);
            double mseY = Psnr.sse(lumaRef, lumaDist) / pixels;
            double ssimY = Ssim.plane(lumaRef, lumaDist, w, h);
            mseYSum += mseY;
            mseRgbSum += mseRgb;
            ssimSum += ssimY;
            perFrame.add(new FrameScore(f, Psnr.fromMse(mseY), Psnr.fromMse(mseRgb), ssimY));
        }
        return new RgbComparison(n, Psnr.fromMse(mseYSum / n), Psnr.fromMse(mseRgbSum / n), ssimSum / n, perFrame);
    }

    /** BT.601 luma of interleaved RGB, in double, 0..255. */
    static void luma(byte[] rgb, double[] out) {
        for (int i = 0, o = 0; i < out.length; i++, o += 3) {
            out[i] = 0.299 * (rgb[o] & 0xff) + 0.587 * (rgb[o + 1] & 0xff) + 0.114 * (rgb[o + 2] & 0xff);
        }
    }
}
