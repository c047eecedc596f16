package io.codeclab.eval.rd;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Bjøntegaard delta rate with piecewise cubic Hermite interpolation (as the JCT-VC/JVET common-test-condition
 * sheets since JCTVC-L1100): each curve is interpolated as log10(rate) over PSNR with {@link Pchip}, the
 * difference of the two interpolants is integrated exactly over the PSNR interval both curves cover, and
 * {@code BD-rate = 10^(mean difference) - 1}, reported in percent. Negative means the test curve needs fewer
 * bits for the same PSNR.
 */
public final class BdRate {

    private BdRate() {
    }

    /**
     * @throws BdRateException when a curve has fewer than two points, when rate and PSNR do not rise
     *                         together (after sorting by rate; equal rates or PSNRs count as not rising),
     *                         or when the curves share no PSNR interval
     */
    public static BdRateResult compute(List<RatePoint> anchor, List<RatePoint> test) {
        var a = curve(anchor, "anchor");
        var t = curve(test, "test");
        double lo = Math.max(a.minX(), t.minX());
        double hi = Math.min(a.maxX(), t.maxX());
        if (!(hi > lo)) {
            throw new BdRateException(String.format(
                    "the curves do not overlap in PSNR: anchor covers %.4f..%.4f dB, test %.4f..%.4f dB",
                    a.minX(), a.maxX(), t.minX(), t.maxX()));
        }
        double union = Math.max(a.maxX(), t.maxX()) - Math.min(a.minX(), t.minX());
        double meanDiff = (t.integral(lo, hi) - a.integral(lo, hi)) / (hi - lo);
        double overlapPercent = 100 * (hi - lo) / union;
        return new BdRateResult(100 * (Math.pow(10, meanDiff) - 1), overlapPercent,
                overlapPercent < BdRateResult.LOW_OVERLAP_PERCENT);
    }

    private static Pchip curve(List<RatePoint> points, String name) {
        if (points.size() < 2) {
            throw new BdRateException("the " + name + " curve has " + points.size()
                    + " point(s); BD-rate needs at least 2 (4 are usual)");
        }
        var sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingDouble(RatePoint::kbps));
        double[] x = new double[sorted.size()];
        double[] y = new double[sorted.size()];
        for (int i = 0; i < x.length; i++) {
            var p = sorted.get(i);
            if (i > 0) {
                var prev = sorted.get(i - 1);
                if (!(p.kbps() > prev.kbps()) || !(p.psnr() > prev.psnr())) {
                    throw new BdRateException(String.format(
                            "the %s curve is not monotonic: %.4f kbps -> %.4f dB is followed by %.4f kbps -> %.4f dB;"
                                    + " rate and PSNR must rise together", name, prev.kbps(), prev.psnr(), p.kbps(), p.psnr()));
                }
            }
            x[i] = p.psnr();
            y[i] = Math.log10(p.kbps());
        }
        return new Pchip(x, y);
    }
}
