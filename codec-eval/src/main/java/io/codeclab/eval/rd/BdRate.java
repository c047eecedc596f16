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
        double meanDiff = (t.integral(lo, hi) - a.integral(lo, hi)) / (hi - lo);
        double overlapPercent = overlapPercent(a.minX(), a.maxX(), t.minX(), t.maxX());
        return new BdRateResult(100 * (Math.pow(10, meanDiff) - 1), overlapPercent,
                overlapPercent < BdRateResult.LOW_OVERLAP_PERCENT);
    }

    /**
     * Length of the PSNR interval both curves cover as a percentage of the interval either covers (intersection
     * over union, 0 when they are disjoint): the figure {@link BdRateResult#overlapPercent()} reports, computed
     * without interpolating, so it also works on curves BD-rate would refuse.
     *
     * @throws BdRateException when a curve has no point
     */
    public static double overlapPercent(List<RatePoint> anchor, List<RatePoint> test) {
        if (anchor.isEmpty() || test.isEmpty()) {
            throw new BdRateException("the " + (anchor.isEmpty() ? "anchor" : "test") + " curve has no point");
        }
        double aMin = anchor.stream().mapToDouble(RatePoint::psnr).min().orElseThrow();
        double aMax = anchor.stream().mapToDouble(RatePoint::psnr).max().orElseThrow();
        double tMin = test.stream().mapToDouble(RatePoint::psnr).min().orElseThrow();
        double tMax = test.stream().mapToDouble(RatePoint::psnr).max().orElseThrow();
        return overlapPercent(aMin, aMax, tMin, tMax);
    }

    private static double overlapPercent(double aMin, double aMax, double tMin, double tMax) {
        double intersection = Math.min(aMax, tMax) - Math.max(aMin, tMin);
        double union = Math.max(aMax, tMax) - Math.min(aMin, tMin);
        if (!(union > 0)) {
            return intersection == 0 ? 100 : 0; // two identical single points, or nothing
        }
        return intersection <= 0 ? 0 : 100 * intersection / union;
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
