package io.codeclab.eval.metrics;

/**
 * {@link SsimKernel} in plain Java: one 64-bit multiply per sample pair yields its three products (see
 * {@link #blockRow}). Runs on any JVM.
 */
final class ScalarSsimKernel implements SsimKernel {

    private static final long LOW_20 = (1L << 20) - 1;
    private static final long LOW_21 = (1L << 21) - 1;

    @Override
    public String describe() {
        return "scalar";
    }

    @Override
    public Ssim.PlaneResult measure(byte[] a, byte[] b, int width, int height) {
        int bw = width >> 2;
        int bh = height >> 2;
        int[] prev = new int[4 * bw];
        int[] cur = new int[4 * bw];
        long[] linear = new long[bw];
        long[] squares = new long[bw];
        long sse = blockRow(a, b, width, 0, bw, prev, linear, squares);
        double total = 0;
        for (int by = 1; by < bh; by++) {
            sse += blockRow(a, b, width, by, bw, cur, linear, squares);
            float row = 0;
            for (int x = 0, i = 0; x < bw - 1; x++, i += 4) {
                int s1 = prev[i] + prev[i + 4] + cur[i] + cur[i + 4];
                int s2 = prev[i + 1] + prev[i + 5] + cur[i + 1] + cur[i + 5];
                int ss = prev[i + 2] + prev[i + 6] + cur[i + 2] + cur[i + 6];
                int s12 = prev[i + 3] + prev[i + 7] + cur[i + 3] + cur[i + 7];
                row += Ssim.end(s1, s2, ss, s12);
            }
            total += row;
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        sse += Ssim.marginSse(a, b, width, height);
        return new Ssim.PlaneResult(total / ((double) (bh - 1) * (bw - 1)), sse);
    }

    /**
     * Fills the sums of block row {@code by} (s1, s2, ss, s12 of block {@code bx} at {@code 4 bx}); returns the
     * SSE of its samples.
     *
     * <p>Each sample pair is packed as {@code v = p + q * 2^21}; then {@code v^2 = p^2 + pq * 2^22 + q^2 * 2^42},
     * so one 64-bit multiply yields all three products. Over a 4x4 block the fields cannot overflow into each
     * other: sum p^2 and sum pq are below 16 * 255^2 < 2^20, sum p below 2^12.
     */
    private static long blockRow(byte[] a, byte[] b, int stride, int by, int bw, int[] sums, long[] linear, long[] squares) {
        // Row by row with the block index as loop variable, so the JIT can drop the array bounds checks.
        for (int r = 0; r < 4; r++) {
            int o = (4 * by + r) * stride;
            for (int bx = 0; bx < bw; bx++) {
                int x = o + 4 * bx;
                long v0 = (a[x] & 0xff) | ((long) (b[x] & 0xff) << 21);
                long v1 = (a[x + 1] & 0xff) | ((long) (b[x + 1] & 0xff) << 21);
                long v2 = (a[x + 2] & 0xff) | ((long) (b[x + 2] & 0xff) << 21);
                long v3 = (a[x + 3] & 0xff) | ((long) (b[x + 3] & 0xff) << 21);
                long lin = v0 + v1 + v2 + v3;
                long sq = v0 * v0 + v1 * v1 + v2 * v2 + v3 * v3;
                if (r == 0) {
                    linear[bx] = lin;
                    squares[bx] = sq;
                } else {
                    linear[bx] += lin;
                    squares[bx] += sq;
                }
            }
        }
        long sse = 0;
        for (int bx = 0; bx < bw; bx++) {
            long lin = linear[bx];
            long sq = squares[bx];
            int pp = (int) (sq & LOW_20);
            int pq = (int) ((sq >>> 22) & LOW_20);
            int qq = (int) (sq >>> 42);
            int i = 4 * bx;
            sums[i] = (int) (lin & LOW_21);
            sums[i + 1] = (int) (lin >>> 21);
            sums[i + 2] = pp + qq;
            sums[i + 3] = pq;
            sse += pp + qq - 2 * pq;
        }
        return sse;
    }
}
