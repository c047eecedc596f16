package io.codeclab.eval.metrics;

import io.codeclab.eval.video.Y4mVideo;
import java.util.ArrayList;

/**
 * PSNR and SSIM of two Y4M clips on their Y, U and V planes, computed as ffmpeg's {@code psnr} and
 * {@code ssim} filters compute them ({@code ffmpeg -i DIST -i REF -lavfi "psnr;ssim"}); see
 * {@link YuvComparison} for how frames and planes are combined, {@link Psnr} and {@link Ssim} for the
 * per-plane definitions. Both clips must have the same size, sample layout and frame count.
 */
public final class YuvMetrics {

    private YuvMetrics() {
    }

    public static YuvComparison compare(Y4mVideo reference, Y4mVideo distorted) {
        if (reference.width() != distorted.width() || reference.height() != distorted.height()) {
            throw new MetricsException("clips differ in size: reference " + reference.width() + "x" + reference.height()
                    + ", distorted " + distorted.width() + "x" + distorted.height());
        }
        if (reference.chroma() != distorted.chroma()) {
            throw new MetricsException("clips differ in sample layout: reference " + reference.chroma()
                    + ", distorted " + distorted.chroma());
        }
        if (reference.frameCount() != distorted.frameCount()) {
            throw new MetricsException("clips differ in frame count: reference " + reference.frameCount()
                    + ", distorted " + distorted.frameCount());
        }
        int planes = reference.chroma().planeCount();
        double[] weight = new double[planes];
        long totalPixels = 0;
        for (int p = 0; p < planes; p++) {
            totalPixels += (long) reference.planeWidth(p) * reference.planeHeight(p);
        }
        for (int p = 0; p < planes; p++) {
            weight[p] = (double) reference.planeWidth(p) * reference.planeHeight(p) / totalPixels;
        }
        int n = reference.frameCount();
        double[] mseSum = new double[planes];
        double[] ssimSum = new double[planes];
        double mseAllSum = 0;
        double ssimAllSum = 0;
        var perFrame = new ArrayList<YuvFrameScore>(n);
        double[] mse = new double[planes];
        double[] ssim = new double[planes];
        for (int f = 0; f < n; f++) {
            var ref = reference.frame(f);
            var dist = distorted.frame(f);
            double mseAll = 0;
            double ssimAll = 0;
            for (int p = 0; p < planes; p++) {
                int w = reference.planeWidth(p);
                int h = reference.planeHeight(p);
                var measured = Ssim.measure(ref.plane(p), dist.plane(p), w, h);
                mse[p] = measured.sse() / ((double) w * h);
                ssim[p] = measured.ssim();
                mseSum[p] += mse[p];
                ssimSum[p] += ssim[p];
                mseAll += weight[p] * mse[p];
                ssimAll += weight[p] * ssim[p];
            }
            mseAllSum += mseAll;
            ssimAllSum += ssimAll;
            perFrame.add(new YuvFrameScore(f,
                    scores(planes, Psnr.fromMse(mse[0]), planes > 1 ? Psnr.fromMse(mse[1]) : 0,
                            planes > 1 ? Psnr.fromMse(mse[2]) : 0, Psnr.fromMse(mseAll)),
                    scores(planes, ssim[0], planes > 1 ? ssim[1] : 0, planes > 1 ? ssim[2] : 0, ssimAll)));
        }
        var psnr = scores(planes, Psnr.fromMse(mseSum[0] / n), planes > 1 ? Psnr.fromMse(mseSum[1] / n) : 0,
                planes > 1 ? Psnr.fromMse(mseSum[2] / n) : 0, Psnr.fromMse(mseAllSum / n));
        var ssimScores = scores(planes, ssimSum[0] / n, planes > 1 ? ssimSum[1] / n : 0,
                planes > 1 ? ssimSum[2] / n : 0, ssimAllSum / n);
        return new YuvComparison(n, psnr, ssimScores, perFrame);
    }

    private static PlaneScores scores(int planes, double y, double u, double v, double all) {
        return planes == 1 ? new PlaneScores(y, Double.NaN, Double.NaN, all) : new PlaneScores(y, u, v, all);
    }
}
