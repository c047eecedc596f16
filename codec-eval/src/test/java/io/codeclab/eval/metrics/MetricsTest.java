package io.codeclab.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.codeclab.eval.video.Bt601;
import io.codeclab.eval.video.ChromaFormat;
import io.codeclab.eval.video.ColorRange;
import io.codeclab.eval.video.RgbVideo;
import io.codeclab.eval.video.VideoFormat;
import io.codeclab.eval.video.Y4mVideo;
import io.codeclab.eval.video.YuvFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MetricsTest {

    private static byte[] noise(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static RgbVideo rgb(int w, int h, int frames, long seed) {
        var list = new ArrayList<byte[]>();
        for (int f = 0; f < frames; f++) {
            list.add(noise(w * h * 3, seed + f));
        }
        return RgbVideo.of(new VideoFormat(w, h, 25, 1), list);
    }

    @Test
    void psnrOfAKnownErrorAndOfIdenticalPlanes() {
        byte[] a = new byte[100];
        byte[] b = new byte[100];
        b[0] = 10; // SSE 100, MSE 1
        assertThat(Psnr.sse(a, b)).isEqualTo(100);
        assertThat(Psnr.fromMse(1.0)).isCloseTo(20 * Math.log10(255), within(1e-12));
        assertThat(Psnr.fromMse(0)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThatThrownBy(() -> Psnr.fromMse(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sseDoesNotOverflowOnLargeMaximalDifferences() {
        byte[] a = new byte[1280 * 720];
        byte[] b = new byte[1280 * 720];
        java.util.Arrays.fill(b, (byte) 255);
        assertThat(Psnr.sse(a, b)).isEqualTo(1280L * 720 * 255 * 255);
    }

    @Test
    void ssimIsOneForIdenticalPlanesAndLowForUnrelatedNoise() {
        byte[] a = noise(64 * 48, 1);
        assertThat(Ssim.plane(a, a.clone(), 64, 48)).isCloseTo(1.0, within(1e-7));
        assertThat(Ssim.plane(a, noise(64 * 48, 2), 64, 48)).isLessThan(0.1);
    }

    @Test
    void ssimIgnoresColumnsAndRowsBeyondAMultipleOfFour() {
        int w = 19;
        int h = 13; // 16x12 are used
        byte[] a = noise(w * h, 3);
        byte[] b = a.clone();
        for (int y = 0; y < h; y++) {
            for (int x = 16; x < w; x++) {
                b[y * w + x] = (byte) (a[y * w + x] + 77);
            }
        }
        for (int x = 0; x < w; x++) {
            b[12 * w + x] = (byte) (a[12 * w + x] + 77);
        }
        assertThat(Ssim.plane(a, b, w, h)).isCloseTo(1.0, within(1e-7));
        b[0] = (byte) (a[0] + 77);
        assertThat(Ssim.plane(a, b, w, h)).isLessThan(1.0);
    }

    @Test
    void realValuedSsimAgreesWithTheEightBitOneOnIntegerPlanes() {
        byte[] a = noise(40 * 32, 4);
        byte[] b = a.clone();
        var rnd = new Random(5);
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Math.max(0, Math.min(255, (a[i] & 0xff) + rnd.nextInt(21) - 10));
        }
        double[] da = new double[a.length];
        double[] db = new double[b.length];
        for (int i = 0; i < a.length; i++) {
            da[i] = a[i] & 0xff;
            db[i] = b[i] & 0xff;
        }
        double s = Ssim.plane(a, b, 40, 32);
        assertThat(s).isBetween(0.5, 0.999);
        assertThat(Ssim.plane(da, db, 40, 32)).isCloseTo(s, within(1e-6));
    }

    @Test
    void ssimRefusesPlanesSmallerThanOneWindow() {
        assertThatThrownBy(() -> Ssim.plane(new byte[7 * 8], new byte[7 * 8], 7, 8))
                .isInstanceOf(MetricsException.class).hasMessageContaining("too small");
    }

    @Test
    void rgbMetricsPoolTheMseOverFramesAndReportInfinityForIdenticalVideos() {
        var ref = rgb(32, 16, 2, 10);
        var same = RgbMetrics.compare(ref, ref);
        assertThat(same.psnrRgb()).isInfinite();
        assertThat(same.psnrY()).isInfinite();
        assertThat(same.ssimY()).isCloseTo(1.0, within(1e-9));

        // Frame 0 identical, frame 1 off by 4 in every sample of R only.
        byte[] f1 = ref.frame(1).clone();
        for (int i = 0; i < f1.length; i += 3) {
            f1[i] = (byte) ((f1[i] & 0xff) < 128 ? (f1[i] & 0xff) + 4 : (f1[i] & 0xff) - 4);
        }
        var dist = RgbVideo.of(ref.format(), List.of(ref.frame(0), f1));
        var c = RgbMetrics.compare(ref, dist);
        assertThat(c.frames()).isEqualTo(2);
        assertThat(c.perFrame().get(0).psnrRgb()).isInfinite();
        // per frame MSE over R,G,B = 16/3; pooled over frames = 8/3
        assertThat(c.perFrame().get(1).psnrRgb()).isCloseTo(Psnr.fromMse(16.0 / 3), within(1e-9));
        assertThat(c.psnrRgb()).isCloseTo(Psnr.fromMse(8.0 / 3), within(1e-9));
        // luma error is 0.299 * 4 everywhere in frame 1
        assertThat(c.psnrY()).isCloseTo(Psnr.fromMse(Math.pow(0.299 * 4, 2) / 2), within(1e-9));
    }

    @Test
    void mismatchedVideosAreRefused() {
        assertThatThrownBy(() -> RgbMetrics.compare(rgb(32, 16, 2, 1), rgb(32, 16, 3, 1)))
                .isInstanceOf(MetricsException.class).hasMessageContaining("frame count");
        assertThatThrownBy(() -> RgbMetrics.compare(rgb(32, 16, 2, 1), rgb(16, 32, 2, 1)))
                .isInstanceOf(MetricsException.class).hasMessageContaining("size");
        var yuv = Bt601.toYuv420(rgb(32, 16, 1, 1));
        var frame = YuvFrame.of(ChromaFormat.YUV444, 32, 16, new byte[512], new byte[512], new byte[512]);
        var y444 = Y4mVideo.of(yuv.format(), "444", ColorRange.LIMITED, List.of(frame));
        assertThatThrownBy(() -> YuvMetrics.compare(yuv, y444))
                .isInstanceOf(MetricsException.class).hasMessageContaining("layout");
    }

    @Test
    void yuvAllWeighsPlanesByPixelCount() {
        var ref = Bt601.toYuv420(rgb(32, 16, 1, 20));
        var f = ref.frame(0);
        byte[] u = f.plane(1).clone();
        for (int i = 0; i < u.length; i++) {
            u[i] = (byte) ((u[i] & 0xff) ^ 2); // |difference| 2 everywhere in U: MSE 4
        }
        var dist = Y4mVideo.of(ref.format(), ref.chromaTag(), ref.colorRange(),
                List.of(YuvFrame.of(ChromaFormat.YUV420, 32, 16, f.plane(0), u, f.plane(2))));
        var c = YuvMetrics.compare(ref, dist);
        assertThat(c.psnr().y()).isInfinite();
        assertThat(c.psnr().u()).isCloseTo(Psnr.fromMse(4), within(1e-9));
        assertThat(c.psnr().all()).isCloseTo(Psnr.fromMse(4.0 / 6), within(1e-9));
        assertThat(c.ssim().all()).isCloseTo((4 + c.ssim().u() + 1) / 6, within(1e-9));
    }

    @Test
    void theFusedPassGivesTheSameSseAsADirectSumIncludingTheUncoveredMargins() {
        for (int[] size : new int[][] {{64, 48}, {19, 13}, {160, 90}, {8, 8}}) {
            byte[] a = noise(size[0] * size[1], size[0]);
            byte[] b = noise(size[0] * size[1], size[1]);
            var measured = Ssim.measure(a, b, size[0], size[1]);
            assertThat(measured.sse()).isEqualTo(Psnr.sse(a, b));
            assertThat(measured.ssim()).isEqualTo(Ssim.plane(a, b, size[0], size[1]));
        }
    }

    @Test
    void extremeSamplesDoNotOverflowThePackedSums() {
        // All-255 against all-0 and all-255 against itself: the largest sums a block can have.
        int w = 16;
        int h = 16;
        byte[] white = new byte[w * h];
        java.util.Arrays.fill(white, (byte) 255);
        byte[] black = new byte[w * h];
        var same = Ssim.measure(white, white.clone(), w, h);
        assertThat(same.sse()).isZero();
        assertThat(same.ssim()).isCloseTo(1.0, within(1e-7));
        var opposite = Ssim.measure(white, black, w, h);
        assertThat(opposite.sse()).isEqualTo(255L * 255 * w * h);
        // means 255 vs 0, no variance: (C1) * (C2) / ((64^2 * 255^2 + C1) * C2)
        double expected = (double) Ssim.C1 / (64.0 * 64 * 255 * 255 + Ssim.C1);
        assertThat(opposite.ssim()).isCloseTo(expected, within(1e-9));
    }
}
