package io.codeclab.eval.rd;

/**
 * Piecewise cubic Hermite interpolation with Fritsch-Carlson monotone slopes, as scipy's
 * {@code PchipInterpolator}: interior slopes are the weighted harmonic mean
 * {@code (w1 + w2) / (w1/d[k-1] + w2/d[k])} with {@code w1 = 2h[k] + h[k-1]}, {@code w2 = h[k] + 2h[k-1]}, or 0
 * where the secants change sign or one is 0; end slopes use scipy's three-point formula with its limits; two
 * points give the straight line. Immutable.
 */
public final class Pchip {

    private final double[] x;
    private final double[] y;
    private final double[] slope;

    /** {@code x} strictly increasing, at least two points. */
    public Pchip(double[] x, double[] y) {
        if (x.length != y.length || x.length < 2) {
            throw new IllegalArgumentException("need at least two (x, y) pairs of equal count, got " + x.length + " and " + y.length);
        }
        for (int i = 1; i < x.length; i++) {
            if (!(x[i] > x[i - 1])) {
                throw new IllegalArgumentException("x must increase strictly, but x[" + i + "] = " + x[i] + " after " + x[i - 1]);
            }
        }
        this.x = x.clone();
        this.y = y.clone();
        this.slope = slopes(this.x, this.y);
    }

    private static double[] slopes(double[] x, double[] y) {
        int n = x.length;
        double[] h = new double[n - 1];
        double[] m = new double[n - 1];
        for (int k = 0; k < n - 1; k++) {
            h[k] = x[k + 1] - x[k];
            m[k] = (y[k + 1] - y[k]) / h[k];
        }
        double[] d = new double[n];
        if (n == 2) {
            d[0] = m[0];
            d[1] = m[0];
            return d;
        }
        for (int k = 1; k < n - 1; k++) {
            if (Math.signum(m[k - 1]) * Math.signum(m[k]) <= 0) {
                d[k] = 0;
            } else {
                double w1 = 2 * h[k] + h[k - 1];
                double w2 = h[k] + 2 * h[k - 1];
                d[k] = (w1 + w2) / (w1 / m[k - 1] + w2 / m[k]);
            }
        }
        d[0] = edge(h[0], h[1], m[0], m[1]);
        d[n - 1] = edge(h[n - 2], h[n - 3], m[n - 2], m[n - 3]);
        return d;
    }

    private static double edge(double h0, double h1, double m0, double m1) {
        double d = ((2 * h0 + h1) * m0 - h0 * m1) / (h0 + h1);
        if (Math.signum(d) != Math.signum(m0)) {
            return 0;
        }
        if (Math.signum(m0) != Math.signum(m1) && Math.abs(d) > 3 * Math.abs(m0)) {
            return 3 * m0;
        }
        return d;
    }

    public double minX() {
        return x[0];
    }

    public double maxX() {
        return x[x.length - 1];
    }

    /** The slope at knot {@code k}. */
    public double slopeAt(int k) {
        return slope[k];
    }

    /** Value at {@code t}, which must lie within [minX, maxX]. */
    public double value(double t) {
        int k = segment(t);
        double s = t - x[k];
        double[] c = coefficients(k);
        return c[0] + s * (c[1] + s * (c[2] + s * c[3]));
    }

    /** Exact integral of the interpolant from {@code a} to {@code b}, both within [minX, maxX], a <= b. */
    public double integral(double a, double b) {
        if (a > b) {
            throw new IllegalArgumentException("integration bounds reversed: " + a + " > " + b);
        }
        checkDomain(a);
        checkDomain(b);
        double sum = 0;
        for (int k = 0; k < x.length - 1; k++) {
            double lo = Math.max(a, x[k]);
            double hi = Math.min(b, x[k + 1]);
            if (hi > lo) {
                double[] c = coefficients(k);
                sum += antiderivative(c, hi - x[k]) - antiderivative(c, lo - x[k]);
            }
        }
        return sum;
    }

    private static double antiderivative(double[] c, double s) {
        return s * (c[0] + s * (c[1] / 2 + s * (c[2] / 3 + s * c[3] / 4)));
    }

    /** Power-basis coefficients of piece k in s = t - x[k]. */
    private double[] coefficients(int k) {
        double h = x[k + 1] - x[k];
        double delta = (y[k + 1] - y[k]) / h;
        double d0 = slope[k];
        double d1 = slope[k + 1];
        return new double[] {y[k], d0, (3 * delta - 2 * d0 - d1) / h, (d0 + d1 - 2 * delta) / (h * h)};
    }

    private int segment(double t) {
        checkDomain(t);
        for (int k = 0; k < x.length - 2; k++) {
            if (t < x[k + 1]) {
                return k;
            }
        }
        return x.length - 2;
    }

    private void checkDomain(double t) {
        if (t < x[0] || t > x[x.length - 1] || Double.isNaN(t)) {
            throw new IllegalArgumentException(t + " is outside the interpolation range [" + x[0] + ", " + x[x.length - 1] + "]");
        }
    }
}
