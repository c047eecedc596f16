package io.codeclab.eval.metrics;

/**
 * PSNR as ffmpeg's {@code psnr} filter computes it for 8-bit samples: peak 255, {@code 10 log10(255^2 / MSE)}.
 * An MSE of zero (identical planes) gives {@link Double#POSITIVE_INFINITY}, where ffmpeg prints {@code inf}:
 * callers that serialise values must map it (JSON has no infinity).
 */
public final class Psnr {

    public static final double PEAK = 255;

    private Psnr() {
    }

    /** Sum of squared differences of two equally long sample arrays. */
    public static long sse(byte[] a, byte[] b) {
        if (a.length != b.length) {
            throw new MetricsException("planes differ in size: " + a.length + " vs " + b.length + " samples");
        }
        long sum = 0;
        int n = a.length;
        int i = 0;
        // Rows of at most 2^15 samples cannot overflow an int (65025 * 32768 < 2^31).
        while (i < n) {
            int end = Math.min(n, i + 32768);
            int partial = 0;
            for (; i < end; i++) {
                int d = (a[i] & 0xff) - (b[i] & 0xff);
                partial += d * d;
            }
            sum += partial;
        }
        return sum;
    }

    /** Sum of squared differences of two equally long real-valued planes. */
    public static double sse(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new MetricsException("planes differ in size: " + a.length + " vs " + b.length + " samples");
        }
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            sum += d * d;
        }
        return sum;
    }

    /** PSNR in dB of a mean squared error on the 0..255 scale; +infinity for an MSE of 0. */
    public static double fromMse(double mse) {
        if (mse < 0 || Double.isNaN(mse)) {
            throw new IllegalArgumentException("MSE must be >= 0, was " + mse);
        }
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(PEAK * PEAK / mse);
    }
}
