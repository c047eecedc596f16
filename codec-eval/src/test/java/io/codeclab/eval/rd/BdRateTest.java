package io.codeclab.eval.rd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.codeclab.eval.EvaluationException;
import java.util.List;
import org.junit.jupiter.api.Test;

class BdRateTest {

    // JCTVC-E137 data; check values published in ENVIRONMENT.md as fractions.
    static final List<RatePoint> ANCHOR_1 = List.of(new RatePoint(108048.8736, 43.6471), new RatePoint(61279.976, 40.3953),
            new RatePoint(33905.6656, 37.247), new RatePoint(18883.6928, 34.2911));
    static final List<RatePoint> TEST_1 = List.of(new RatePoint(108061.2784, 43.6768), new RatePoint(61299.9936, 40.4232),
            new RatePoint(33928.7472, 37.2761), new RatePoint(18910.912, 34.3147));
    static final List<RatePoint> ANCHOR_2 = List.of(new RatePoint(40433.8848, 37.5761), new RatePoint(7622.7456, 35.3756),
            new RatePoint(2394.488, 33.8977), new RatePoint(1017.6184, 32.0603));
    static final List<RatePoint> TEST_2 = List.of(new RatePoint(40370.12, 37.5982), new RatePoint(7587.0024, 35.4025),
            new RatePoint(2390.0944, 33.9194), new RatePoint(1017.0984, 32.0822));

    @Test
    void matchesThePublishedCheckValues() {
        var r1 = BdRate.compute(ANCHOR_1, TEST_1);
        assertThat(r1.bdRatePercent() / 100).isCloseTo(-0.00465215420752807, within(1e-6));
        var r2 = BdRate.compute(ANCHOR_2, TEST_2);
        assertThat(r2.bdRatePercent() / 100).isCloseTo(-0.018779823450567612, within(1e-6));
        assertThat(r2.lowOverlap()).isFalse();
    }

    @Test
    void aCurveAgainstItselfIsZeroAndHalfTheRateIsMinusFiftyPercent() {
        assertThat(BdRate.compute(ANCHOR_1, ANCHOR_1).bdRatePercent()).isCloseTo(0, within(1e-12));
        var half = ANCHOR_1.stream().map(p -> new RatePoint(p.kbps() / 2, p.psnr())).toList();
        var r = BdRate.compute(ANCHOR_1, half);
        assertThat(r.bdRatePercent()).isCloseTo(-50, within(1e-9));
        assertThat(r.overlapPercent()).isCloseTo(100, within(1e-9));
        assertThat(BdRate.compute(half, ANCHOR_1).bdRatePercent()).isCloseTo(100, within(1e-9));
    }

    @Test
    void pointOrderDoesNotMatterAndTwoPointsAreEnough() {
        var reversed = new java.util.ArrayList<>(TEST_2);
        java.util.Collections.reverse(reversed);
        assertThat(BdRate.compute(ANCHOR_2, reversed)).isEqualTo(BdRate.compute(ANCHOR_2, TEST_2));
        var two = BdRate.compute(List.of(new RatePoint(100, 30), new RatePoint(1000, 40)),
                List.of(new RatePoint(50, 30), new RatePoint(500, 40)));
        assertThat(two.bdRatePercent()).isCloseTo(-50, within(1e-9));
    }

    @Test
    void overlapAloneMatchesWhatComputeReportsAndNeedsNoMonotonicCurve() {
        var anchor = List.of(new RatePoint(100, 30), new RatePoint(1000, 40));
        var test = List.of(new RatePoint(500, 38), new RatePoint(5000, 48));
        assertThat(BdRate.overlapPercent(anchor, test)).isEqualTo(BdRate.compute(anchor, test).overlapPercent());
        assertThat(BdRate.overlapPercent(ANCHOR_2, TEST_2)).isEqualTo(BdRate.compute(ANCHOR_2, TEST_2).overlapPercent());
        // PSNR falling with rate: compute refuses it, the overlap of the ranges is still 30..35 of 30..40.
        var falling = List.of(new RatePoint(100, 40), new RatePoint(1000, 30));
        assertThat(BdRate.overlapPercent(falling, List.of(new RatePoint(1, 30), new RatePoint(2, 35)))).isEqualTo(50.0);
        assertThat(BdRate.overlapPercent(anchor, List.of(new RatePoint(1, 41), new RatePoint(2, 45)))).isZero();
    }

    @Test
    void partialOverlapIsMeasuredAndFlagged() {
        var anchor = List.of(new RatePoint(100, 30), new RatePoint(1000, 40));
        var test = List.of(new RatePoint(500, 38), new RatePoint(5000, 48));
        var r = BdRate.compute(anchor, test);
        assertThat(r.overlapPercent()).isCloseTo(100 * 2.0 / 18, within(1e-9));
        assertThat(r.lowOverlap()).isTrue();
        // lines log10(rate) = 2 + (psnr - 30) / 10 and log10(500) + (psnr - 38) / 10: the test is 500 / 10^2.8 times the anchor
        assertThat(r.bdRatePercent()).isCloseTo(100 * (500 / Math.pow(10, 2.8) - 1), within(1e-9));
    }

    @Test
    void refusesBadCurves() {
        var one = List.of(new RatePoint(100, 30));
        assertThatThrownBy(() -> BdRate.compute(one, TEST_1)).isInstanceOf(BdRateException.class)
                .isInstanceOf(EvaluationException.class).hasMessageContaining("anchor curve has 1 point");
        var notMonotonic = List.of(new RatePoint(100, 30), new RatePoint(200, 35), new RatePoint(300, 34));
        assertThatThrownBy(() -> BdRate.compute(ANCHOR_1, notMonotonic)).isInstanceOf(BdRateException.class)
                .hasMessageContaining("test curve is not monotonic");
        var equalRates = List.of(new RatePoint(100, 30), new RatePoint(100, 31));
        assertThatThrownBy(() -> BdRate.compute(equalRates, TEST_1)).isInstanceOf(BdRateException.class)
                .hasMessageContaining("not monotonic");
        var disjoint = List.of(new RatePoint(100, 20), new RatePoint(200, 25));
        assertThatThrownBy(() -> BdRate.compute(ANCHOR_1, disjoint)).isInstanceOf(BdRateException.class)
                .hasMessageContaining("do not overlap");
        assertThatThrownBy(() -> new RatePoint(0, 30)).isInstanceOf(BdRateException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> new RatePoint(10, Double.POSITIVE_INFINITY)).isInstanceOf(BdRateException.class)
                .hasMessageContaining("finite");
    }
}
