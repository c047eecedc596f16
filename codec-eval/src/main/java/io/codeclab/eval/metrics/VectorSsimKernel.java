package io.codeclab.eval.metrics;

import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link SsimKernel} on the JDK's incubating Vector API: one lane per 4x4 block, so a 512-bit register works
 * on 16 blocks (64 samples of a row) at once and the sums come out one array per quantity, ready for the
 * window formula, which is vectorised the same way (one lane per window).
 *
 * <p>Per sample pair it accumulates {@code p + q}, {@code p - q}, {@code (p + q)^2} and {@code (p - q)^2}
 * (two multiplies instead of three) and recovers x264's sums exactly: s1 = (&Sigma;(p+q) + &Sigma;(p-q)) / 2,
 * s2 = (&Sigma;(p+q) - &Sigma;(p-q)) / 2, ss = (&Sigma;(p+q)&sup2; + &Sigma;(p-q)&sup2;) / 2,
 * s12 = (&Sigma;(p+q)&sup2; - &Sigma;(p-q)&sup2;) / 4; &Sigma;(p-q)&sup2; is the SSE that PSNR needs.
 *
 * <p>Only loaded when {@link SsimKernel#vectorApiLoaded()}; the JVM needs
 * {@code --add-modules jdk.incubator.vector}.
 */
final class VectorSsimKernel implements SsimKernel {

    private static final VectorSpecies<Integer> INT = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> FLOAT = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = INT.length();
    // Shift counts as vectors: JDK 17's C2 compiles a logical right shift by a vector of counts to one
    // instruction, but not LSHR by a scalar, which boxes the vector (the disassembly shows the calls; it cost
    // 25 % of the time). Left and arithmetic shifts by a constant are fine.
    private static final IntVector BYTE_1 = IntVector.broadcast(INT, 8);
    private static final IntVector BYTE_2 = IntVector.broadcast(INT, 16);
    private static final IntVector BYTE_3 = IntVector.broadcast(INT, 24);
    /**
     * Vectors of blocks whose SSE lanes may be added up before the int reduction of all lanes (which is what
     * {@code reduceLanesToLong} does) could overflow: each lane gains at most 16 * 255^2 per vector.
     */
    private static final int SSE_FLUSH = Integer.MAX_VALUE / (16 * 255 * 255 * LANES);

    /** Below 256 bits (8 lanes) the vector kernel is not reliably faster than the scalar one. */
    static boolean isWorthwhile() {
        return INT.vectorBitSize() >= 256 && FLOAT.length() == LANES;
    }

    @Override
    public String describe() {
        return "vector (" + INT.vectorBitSize() + "-bit)";
    }

    @Override
    public Ssim.PlaneResult measure(byte[] a, byte[] b, int width, int height) {
        int bw = width >> 2;
        int bh = height >> 2;
        var prev = new BlockSums(bw);
        var cur = new BlockSums(bw);
        long sse = blockRow(a, b, width, 0, prev);
        double total = 0;
        for (int by = 1; by < bh; by++) {
            sse += blockRow(a, b, width, by, cur);
            total += windowRow(prev, cur, bw - 1);
            var t = prev;
            prev = cur;
            cur = t;
        }
        sse += Ssim.marginSse(a, b, width, height);
        return new Ssim.PlaneResult(total / ((double) (bh - 1) * (bw - 1)), sse);
    }

    /** s1, s2, ss, s12 of each 4x4 block of one block row; index = block column. */
    private static final class BlockSums {
        final int[] s1;
        final int[] s2;
        final int[] ss;
        final int[] s12;

        BlockSums(int blocks) {
            s1 = new int[blocks];
            s2 = new int[blocks];
            ss = new int[blocks];
            s12 = new int[blocks];
        }
    }

    /** Fills {@code sums} for block row {@code by}; returns the SSE of its samples. */
    private static long blockRow(byte[] a, byte[] b, int stride, int by, BlockSums sums) {
        int bw = sums.s1.length;
        int top = 4 * by * stride;
        long sse = 0;
        var sseLanes = IntVector.zero(INT);
        int bx = 0;
        for (int flush = 0; bx + LANES <= bw; bx += LANES) {
            var sum = IntVector.zero(INT);
            var dif = IntVector.zero(INT);
            var sumSq = IntVector.zero(INT);
            var difSq = IntVector.zero(INT);
            for (int r = 0, o = top + 4 * bx; r < 4; r++, o += stride) {
                // Each int lane holds the 4 samples of one block's row; which byte is which does not matter,
                // as all four are added up alike.
                var pa = IntVector.fromByteArray(INT, a, o, ByteOrder.LITTLE_ENDIAN);
                var pb = IntVector.fromByteArray(INT, b, o, ByteOrder.LITTLE_ENDIAN);
                var p0 = pa.and(0xff);
                var q0 = pb.and(0xff);
                var p1 = pa.lanewise(VectorOperators.LSHR, BYTE_1).and(0xff);
                var q1 = pb.lanewise(VectorOperators.LSHR, BYTE_1).and(0xff);
                var p2 = pa.lanewise(VectorOperators.LSHR, BYTE_2).and(0xff);
                var q2 = pb.lanewise(VectorOperators.LSHR, BYTE_2).and(0xff);
                var p3 = pa.lanewise(VectorOperators.LSHR, BYTE_3);
                var q3 = pb.lanewise(VectorOperators.LSHR, BYTE_3);
                var plus0 = p0.add(q0);
                var plus1 = p1.add(q1);
                var plus2 = p2.add(q2);
                var plus3 = p3.add(q3);
                var minus0 = p0.sub(q0);
                var minus1 = p1.sub(q1);
                var minus2 = p2.sub(q2);
                var minus3 = p3.sub(q3);
                sum = sum.add(plus0.add(plus1).add(plus2.add(plus3)));
                dif = dif.add(minus0.add(minus1).add(minus2.add(minus3)));
                sumSq = sumSq.add(plus0.mul(plus0).add(plus1.mul(plus1)).add(plus2.mul(plus2).add(plus3.mul(plus3))));
                difSq = difSq.add(minus0.mul(minus0).add(minus1.mul(minus1)).add(minus2.mul(minus2).add(minus3.mul(minus3))));
            }
            sum.add(dif).lanewise(VectorOperators.ASHR, 1).intoArray(sums.s1, bx);
            sum.sub(dif).lanewise(VectorOperators.ASHR, 1).intoArray(sums.s2, bx);
            sumSq.add(difSq).lanewise(VectorOperators.ASHR, 1).intoArray(sums.ss, bx);
            sumSq.sub(difSq).lanewise(VectorOperators.ASHR, 2).intoArray(sums.s12, bx);
            sseLanes = sseLanes.add(difSq);
            if (++flush == SSE_FLUSH) {
                sse += sseLanes.reduceLanesToLong(VectorOperators.ADD);
                sseLanes = IntVector.zero(INT);
                flush = 0;
            }
        }
        sse += sseLanes.reduceLanesToLong(VectorOperators.ADD);
        for (; bx < bw; bx++) {
            sse += scalarBlock(a, b, stride, top + 4 * bx, sums, bx);
        }
        return sse;
    }

    private static long scalarBlock(byte[] a, byte[] b, int stride, int origin, BlockSums sums, int bx) {
        int s1 = 0;
        int s2 = 0;
        int ss = 0;
        int s12 = 0;
        for (int r = 0, o = origin; r < 4; r++, o += stride) {
            for (int k = o; k < o + 4; k++) {
                int p = a[k] & 0xff;
                int q = b[k] & 0xff;
                s1 += p;
                s2 += q;
                ss += p * p + q * q;
                s12 += p * q;
            }
        }
        sums.s1[bx] = s1;
        sums.s2[bx] = s2;
        sums.ss[bx] = ss;
        sums.s12[bx] = s12;
        return ss - 2L * s12;
    }

    /**
     * Sum of the SSIM of the {@code windows} windows spanning block rows {@code top} and {@code bottom}.
     *
     * <p>Written out in one method, arrays in locals: C2 gives up inlining in a method this size, and a vector
     * that crosses a call it did not inline is boxed (measured: one such helper call made this loop allocate
     * and cost 13 % of the whole measurement).
     */
    private static float windowRow(BlockSums top, BlockSums bottom, int windows) {
        int[] t1 = top.s1;
        int[] t2 = top.s2;
        int[] tss = top.ss;
        int[] t12 = top.s12;
        int[] b1 = bottom.s1;
        int[] b2 = bottom.s2;
        int[] bss = bottom.ss;
        int[] b12 = bottom.s12;
        var acc = FloatVector.zero(FLOAT);
        int x = 0;
        for (; x + LANES <= windows; x += LANES) {
            var s1 = IntVector.fromArray(INT, t1, x).add(IntVector.fromArray(INT, t1, x + 1))
                    .add(IntVector.fromArray(INT, b1, x)).add(IntVector.fromArray(INT, b1, x + 1));
            var s2 = IntVector.fromArray(INT, t2, x).add(IntVector.fromArray(INT, t2, x + 1))
                    .add(IntVector.fromArray(INT, b2, x)).add(IntVector.fromArray(INT, b2, x + 1));
            var ss = IntVector.fromArray(INT, tss, x).add(IntVector.fromArray(INT, tss, x + 1))
                    .add(IntVector.fromArray(INT, bss, x)).add(IntVector.fromArray(INT, bss, x + 1));
            var s12 = IntVector.fromArray(INT, t12, x).add(IntVector.fromArray(INT, t12, x + 1))
                    .add(IntVector.fromArray(INT, b12, x)).add(IntVector.fromArray(INT, b12, x + 1));
            // The same int and float operations as Ssim.end, lane by lane. convertShape names its species: plain
            // convert() leaves C2 without a constant lane count, and the conversion falls off the fast path.
            var s1s2 = s1.mul(s2);
            var squares = s1.mul(s1).add(s2.mul(s2));
            var vars = ss.lanewise(VectorOperators.LSHL, 6).sub(squares);
            var covar = s12.lanewise(VectorOperators.LSHL, 6).sub(s1s2);
            var num = ((FloatVector) s1s2.lanewise(VectorOperators.LSHL, 1).add(Ssim.C1)
                    .convertShape(VectorOperators.I2F, FLOAT, 0))
                    .mul((FloatVector) covar.lanewise(VectorOperators.LSHL, 1).add(Ssim.C2)
                            .convertShape(VectorOperators.I2F, FLOAT, 0));
            var den = ((FloatVector) squares.add(Ssim.C1).convertShape(VectorOperators.I2F, FLOAT, 0))
                    .mul((FloatVector) vars.add(Ssim.C2).convertShape(VectorOperators.I2F, FLOAT, 0));
            acc = acc.add(num.div(den));
        }
        float row = acc.reduceLanes(VectorOperators.ADD);
        for (; x < windows; x++) {
            row += Ssim.end(t1[x] + t1[x + 1] + b1[x] + b1[x + 1], t2[x] + t2[x + 1] + b2[x] + b2[x + 1],
                    tss[x] + tss[x + 1] + bss[x] + bss[x + 1], t12[x] + t12[x + 1] + b12[x] + b12[x + 1]);
        }
        return row;
    }
}
