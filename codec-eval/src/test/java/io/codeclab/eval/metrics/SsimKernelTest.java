package io.codeclab.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The vector kernel against the scalar one, and how a kernel is chosen. */
class SsimKernelTest {

    private static final SsimKernel SCALAR = new ScalarSsimKernel();
    private static SsimKernel vector;

    @BeforeAll
    static void vectorApiIsThere() {
        assertThat(SsimKernel.vectorApiLoaded())
                .as("the tests run with --add-modules jdk.incubator.vector (surefire/failsafe argLine)").isTrue();
        vector = new VectorSsimKernel();
    }

    /** Smooth content with noise, as camera footage is, and a distorted copy with blocky errors. */
    private static byte[][] pair(int w, int h, long seed) {
        var random = new Random(seed);
        byte[] a = new byte[w * h];
        byte[] b = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = (int) (128 + 90 * Math.sin(x / 7.0) * Math.cos(y / 5.0)) + random.nextInt(9) - 4;
                int err = ((x / 8 + y / 8) % 3 - 1) * random.nextInt(20);
                a[y * w + x] = (byte) Math.max(0, Math.min(255, v));
                b[y * w + x] = (byte) Math.max(0, Math.min(255, v + err));
            }
        }
        return new byte[][] {a, b};
    }

    @Test
    void vectorAndScalarKernelsAgreeOnEveryShapeOfPlane() {
        // Widths with and without whole vectors of blocks, with scalar tails of blocks and windows, margins.
        int[][] sizes = {{8, 8}, {19, 13}, {64, 48}, {67, 37}, {128, 8}, {130, 10}, {320, 180}, {640, 360}, {1283, 21}};
        for (int[] size : sizes) {
            var p = pair(size[0], size[1], size[0] * 31L + size[1]);
            var expected = SCALAR.measure(p[0], p[1], size[0], size[1]);
            var actual = vector.measure(p[0], p[1], size[0], size[1]);
            assertThat(actual.sse()).as("SSE of %dx%d", size[0], size[1]).isEqualTo(expected.sse()).isEqualTo(Psnr.sse(p[0], p[1]));
            // Same windows and per-window floats; only the order of a row's float sum differs.
            assertThat(actual.ssim()).as("SSIM of %dx%d", size[0], size[1]).isCloseTo(expected.ssim(), within(1e-6));
            assertThat(actual.ssim()).isBetween(0.2, 0.999);
        }
    }

    @Test
    void vectorKernelHandlesTheLargestSumsAndIdenticalPlanes() {
        int w = 256;
        int h = 16;
        byte[] white = new byte[w * h];
        Arrays.fill(white, (byte) 255);
        byte[] black = new byte[w * h];
        var opposite = vector.measure(white, black, w, h);
        assertThat(opposite.sse()).isEqualTo(255L * 255 * w * h);
        assertThat(opposite.ssim()).isCloseTo((double) Ssim.C1 / (64.0 * 64 * 255 * 255 + Ssim.C1), within(1e-9));
        var same = vector.measure(white, white.clone(), w, h);
        assertThat(same.sse()).isZero();
        assertThat(same.ssim()).isCloseTo(1.0, within(1e-7));
    }

    @Test
    void aWidePlaneOfMaximalErrorsDoesNotOverflowTheSseLanes() {
        // Over 1,000 vectors of blocks in one block row: the SSE lanes add up to far more than an int holds.
        int w = 4 * 16 * 1100 + 4;
        int h = 8;
        byte[] white = new byte[w * h];
        Arrays.fill(white, (byte) 255);
        var result = vector.measure(white, new byte[w * h], w, h);
        assertThat(result.sse()).isEqualTo(255L * 255 * w * h);
    }

    @Test
    void kernelsAreChosenByName() {
        assertThat(SsimKernel.choose("scalar", true)).isInstanceOf(ScalarSsimKernel.class);
        assertThat(SsimKernel.choose("vector", true)).isInstanceOf(VectorSsimKernel.class);
        assertThat(SsimKernel.choose("auto", true)).isInstanceOf(
                VectorSsimKernel.isWorthwhile() ? VectorSsimKernel.class : ScalarSsimKernel.class);
        assertThat(SsimKernel.choose("auto", false)).isInstanceOf(ScalarSsimKernel.class);
        assertThat(SsimKernel.choose("scalar", true).describe()).isEqualTo("scalar");
        assertThat(SsimKernel.choose("vector", true).describe()).matches("vector \\(\\d+-bit\\)");
    }

    @Test
    void aKernelThatCannotRunOrDoesNotExistIsAClearError() {
        assertThatThrownBy(() -> SsimKernel.choose("vector", false))
                .isInstanceOf(MetricsException.class).hasMessageContaining("--add-modules jdk.incubator.vector");
        assertThatThrownBy(() -> SsimKernel.choose("simd", true))
                .isInstanceOf(MetricsException.class).hasMessageContaining("'simd'").hasMessageContaining("auto, scalar or vector");
    }

    @Test
    void theTestJvmMeasuresWithTheVectorKernelOnThisHardware() {
        // What the product runs (scripts/codec-lab passes the same JVM option) is what the tests check.
        if (VectorSsimKernel.isWorthwhile()) {
            assertThat(Ssim.kernel()).startsWith("vector");
        } else {
            assertThat(Ssim.kernel()).isEqualTo("scalar");
        }
    }
}
