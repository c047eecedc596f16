package io.codeclab.eval.metrics;

/**
 * SSIM of one plane exactly as ffmpeg's {@code ssim} filter (taken from x264) computes it - not the 11x11
 * Gaussian SSIM of Wang et al., which gives different numbers.
 *
 * <ul>
 *   <li>The plane is cut into 4x4 blocks from the top-left corner; the last {@code width % 4} columns and
 *       {@code height % 4} rows are ignored. For each block the sums s1 = &Sigma;a, s2 = &Sigma;b,
 *       ss = &Sigma;(a&sup2; + b&sup2;), s12 = &Sigma;ab are taken.</li>
 *   <li>Each window is 2x2 blocks (8x8 samples, uniform weights), windows start every 4 samples and overlap:
 *       (width/4 - 1) x (height/4 - 1) windows.</li>
 *   <li>Per window, with the window's sums and x264's integer constants C1 = (int)(.01&sup2; 255&sup2; 64 + .5)
 *       = 416 and C2 = (int)(.03&sup2; 255&sup2; 64 63 + .5) = 235963:
 *       vars = 64 ss - s1&sup2; - s2&sup2;, covar = 64 s12 - s1 s2,
 *       ssim = (2 s1 s2 + C1)(2 covar + C2) / ((s1&sup2; + s2&sup2; + C1)(vars + C2)), evaluated in
 *       {@code float} as x264 and ffmpeg do.</li>
 *   <li>The plane's SSIM is the mean over all windows (each row of windows summed in float as ffmpeg does,
 *       the rows then summed in double).</li>
 * </ul>
 * 8-bit planes go through an {@link SsimKernel}: a vector kernel on the JDK's Vector API where the JVM has
 * it (about three times as fast), else a scalar one. Both give the same sums and per-window values; a row's
 * float sum may differ in the last bits, as ffmpeg's own C and SIMD versions do.
 * The {@code double[]} variant runs the same algorithm on real-valued samples (sums and formula in double,
 * same constants); on integer-valued input it agrees with the 8-bit variant to float rounding.
 */
public final class Ssim {

    static final int C1 = (int) (.01 * .01 * 255 * 255 * 64 + .5);
    static final int C2 = (int) (.03 * .03 * 255 * 255 * 64 * 63 + .5);
    /** The kernel, or why the one named by the system property cannot be used (reported on every use). */
    private static final SsimKernel KERNEL;
    private static final String KERNEL_ERROR;

    static {
        SsimKernel kernel = null;
        String error = null;
        try {
            kernel = SsimKernel.choose(System.getProperty(SsimKernel.PROPERTY, "auto"), SsimKernel.vectorApiLoaded());
        } catch (MetricsException e) {
            error = e.getMessage();
        }
        KERNEL = kernel;
        KERNEL_ERROR = error;
    }

    private Ssim() {
    }

    /** Mean SSIM of two 8-bit planes of {@code width x height} samples, tightly packed. */
    public static double plane(byte[] a, byte[] b, int width, int height) {
        return measure(a, b, width, height).ssim();
    }

    /**
     * Which implementation measures 8-bit planes in this JVM, such as {@code vector (512-bit)} or
     * {@code scalar}; see {@link SsimKernel}.
     */
    public static String kernel() {
        return kernel0().describe();
    }

    private static SsimKernel kernel0() {
        if (KERNEL_ERROR != null) {
            throw new MetricsException(KERNEL_ERROR);
        }
        return KERNEL;
    }

    /** SSIM and the sum of squared differences of a plane, from one pass over the samples. */
    record PlaneResult(double ssim, long sse) {
    }

    /**
     * Computes SSIM as {@link #plane(byte[], byte[], int, int)} and, in the same pass, the plane's SSE: inside
     * the area the 4x4 blocks cover it comes from the block sums, only the uncovered right and bottom margins
     * are summed separately ({@link #marginSse}).
     */
    static PlaneResult measure(byte[] a, byte[] b, int width, int height) {
        checkSize(a.length, b.length, width, height);
        return kernel0().measure(a, b, width, height);
    }

    /**
     * SSE of the samples right of and below the 4x4 blocks: the last {@code width % 4} columns and
     * {@code height % 4} rows.
     */
    static long marginSse(byte[] a, byte[] b, int width, int height) {
        int coveredW = width & ~3;
        int coveredH = height & ~3;
        long sse = 0;
        for (int y = 0; y < height; y++) {
            int from = y < coveredH ? coveredW : 0;
            for (int i = y * width + from, end = (y + 1) * width; i < end; i++) {
                int d = (a[i] & 0xff) - (b[i] & 0xff);
                sse += d * d;
            }
        }
        return sse;
    }

    /** SSIM of one window from its sums, in the int and float steps of x264's {@code ssim_end1}. */
    static float end(int s1, int s2, int ss, int s12) {
        int vars = ss * 64 - s1 * s1 - s2 * s2;
        int covar = s12 * 64 - s1 * s2;
        return (float) (2 * s1 * s2 + C1) * (float) (2 * covar + C2)
                / ((float) (s1 * s1 + s2 * s2 + C1) * (float) (vars + C2));
    }

    /** Mean SSIM of two real-valued planes (0..255 scale), same windows and constants, all in double. */
    public static double plane(double[] a, double[] b, int width, int height) {
        checkSize(a.length, b.length, width, height);
        int bw = width >> 2;
        int bh = height >> 2;
        double[] prev = new double[4 * bw];
        double[] cur = new double[4 * bw];
        blockRow(a, b, width, 0, bw, prev);
        double total = 0;
        for (int by = 1; by < bh; by++) {
            blockRow(a, b, width, by, bw, cur);
            for (int x = 0, i = 0; x < bw - 1; x++, i += 4) {
                double s1 = prev[i] + prev[i + 4] + cur[i] + cur[i + 4];
                double s2 = prev[i + 1] + prev[i + 5] + cur[i + 1] + cur[i + 5];
                double ss = prev[i + 2] + prev[i + 6] + cur[i + 2] + cur[i + 6];
                double s12 = prev[i + 3] + prev[i + 7] + cur[i + 3] + cur[i + 7];
                double vars = ss * 64 - s1 * s1 - s2 * s2;
                double covar = s12 * 64 - s1 * s2;
                total += (2 * s1 * s2 + C1) * (2 * covar + C2) / ((s1 * s1 + s2 * s2 + C1) * (vars + C2));
            }
            double[] t = prev;
            prev = cur;
            cur = t;
        }
        return total / ((double) (bh - 1) * (bw - 1));
    }

    private static void blockRow(double[] a, double[] b, int stride, int by, int bw, double[] sums) {
        int rowStart = 4 * by * stride;
        for (int bx = 0; bx < bw; bx++) {
            double s1 = 0;
            double s2 = 0;
            double ss = 0;
            double s12 = 0;
            int base = rowStart + 4 * bx;
            for (int r = 0; r < 4; r++) {
                int o = base + r * stride;
                for (int k = 0; k < 4; k++) {
                    double p = a[o + k];
                    double q = b[o + k];
                    s1 += p;
                    s2 += q;
                    ss += p * p + q * q;
                    s12 += p * q;
                }
            }
            int i = 4 * bx;
            sums[i] = s1;
            sums[i + 1] = s2;
            sums[i + 2] = ss;
            sums[i + 3] = s12;
        }
    }

    private static void checkSize(int lengthA, int lengthB, int width, int height) {
        if (lengthA != lengthB || lengthA != width * height) {
            throw new MetricsException("planes of " + lengthA + " and " + lengthB + " samples do not both hold "
                    + width + "x" + height);
        }
        if (width < 8 || height < 8) {
            throw new MetricsException("a " + width + "x" + height
                    + " plane is too small for SSIM (x264/ffmpeg SSIM needs at least 8x8 samples per plane)");
        }
    }
}
