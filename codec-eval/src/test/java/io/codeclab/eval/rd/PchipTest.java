package io.codeclab.eval.rd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PchipTest {

    @Test
    void interpolatesTheKnotsAndReproducesStraightLines() {
        var p = new Pchip(new double[] {0, 1, 3, 4}, new double[] {1, 3, 7, 9});
        assertThat(p.value(0)).isEqualTo(1);
        assertThat(p.value(3)).isCloseTo(7, within(1e-15));
        assertThat(p.value(2.2)).isCloseTo(1 + 2 * 2.2, within(1e-12));
        assertThat(p.integral(0, 4)).isCloseTo(4 + 16, within(1e-12));
        assertThat(p.integral(0.5, 2.5)).isCloseTo((2.5 - 0.5) + (2.5 * 2.5 - 0.25), within(1e-12));
    }

    @Test
    void slopesFollowScipyPchipInterpolator() {
        // scipy.interpolate.PchipInterpolator([0,1,2,4],[0,1,4,5]).derivative()(x) at the knots:
        // interior k=1: h=(1,1), m=(1,3): w1=3, w2=3 -> 6/(3/1+3/3) = 1.5
        // interior k=2: h=(1,2), m=(3,0.5): w1=2*2+1=5, w2=2+2=4 -> 9/(5/3+4/0.5) = 0.931034...
        // edge 0: ((2*1+1)*1 - 1*3)/2 = 0 -> sign differs from m0 -> 0
        // edge 3: h0=2,h1=1,m0=0.5,m1=3: ((4+1)*0.5 - 2*3)/3 = -1.1667 -> sign differs -> 0
        var p = new Pchip(new double[] {0, 1, 2, 4}, new double[] {0, 1, 4, 5});
        assertThat(p.slopeAt(1)).isCloseTo(1.5, within(1e-15));
        assertThat(p.slopeAt(2)).isCloseTo(9 / (5 / 3.0 + 8), within(1e-15));
        assertThat(p.slopeAt(0)).isZero();
        assertThat(p.slopeAt(3)).isZero();
    }

    @Test
    void edgeSlopeIsLimitedToThreeSecantsWhenTheSecantsChangeSign() {
        // h=(1,1), m=(1,-5): edge = ((2+1)*1 - 1*(-5))/2 = 4 > 3*|1| -> 3
        var p = new Pchip(new double[] {0, 1, 2}, new double[] {0, 1, -4});
        assertThat(p.slopeAt(0)).isEqualTo(3);
        assertThat(p.slopeAt(1)).isZero();
    }

    @Test
    void staysMonotoneOnMonotoneData() {
        var p = new Pchip(new double[] {0, 1, 2, 3, 10}, new double[] {0, 0.1, 5, 5.1, 6});
        double prev = p.value(0);
        for (double t = 0.01; t <= 10; t += 0.01) {
            double v = p.value(t);
            assertThat(v).isGreaterThanOrEqualTo(prev - 1e-12);
            prev = v;
        }
    }

    @Test
    void integralOfACubicPieceIsExact() {
        // Two points with slopes from the line: the piece is linear. Integrate numerically a curved case and compare.
        var p = new Pchip(new double[] {0, 1, 3}, new double[] {0, 2, 3});
        int n = 200000;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += p.value(0.2 + (2.7 - 0.2) * (i + 0.5) / n);
        }
        assertThat(p.integral(0.2, 2.7)).isCloseTo(sum * (2.7 - 0.2) / n, within(1e-9));
    }

    @Test
    void refusesBadKnots() {
        assertThatThrownBy(() -> new Pchip(new double[] {0}, new double[] {0})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Pchip(new double[] {0, 0}, new double[] {0, 1})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("increase");
        var p = new Pchip(new double[] {0, 1}, new double[] {0, 1});
        assertThatThrownBy(() -> p.value(1.5)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside");
    }
}
