package io.codeclab.eval.video;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Bt601Test {

    private static RgbVideo solid(int w, int h, int r, int g, int b) {
        byte[] f = new byte[w * h * 3];
        for (int i = 0; i < w * h; i++) {
            f[3 * i] = (byte) r;
            f[3 * i + 1] = (byte) g;
            f[3 * i + 2] = (byte) b;
        }
        return RgbVideo.of(new VideoFormat(w, h, 25, 1), List.of(f));
    }

    private static int u8(byte b) {
        return b & 0xff;
    }

    @Test
    void primariesMapToTheStandardLimitedRangeCodes() {
        // BT.601 limited range: red (255,0,0) -> Y 81.48, Cb 90.3, Cr 240; white -> 235,128,128; black -> 16,128,128.
        var red = Bt601.toYuv420(solid(4, 4, 255, 0, 0)).frame(0);
        assertThat(u8(red.plane(0)[0])).isEqualTo(81);
        assertThat(u8(red.plane(1)[0])).isEqualTo(90);
        assertThat(u8(red.plane(2)[0])).isEqualTo(240);
        var white = Bt601.toYuv420(solid(2, 2, 255, 255, 255)).frame(0);
        assertThat(new int[] {u8(white.plane(0)[3]), u8(white.plane(1)[0]), u8(white.plane(2)[0])}).containsExactly(235, 128, 128);
        var black = Bt601.toYuv420(solid(2, 2, 0, 0, 0)).frame(0);
        assertThat(new int[] {u8(black.plane(0)[0]), u8(black.plane(1)[0]), u8(black.plane(2)[0])}).containsExactly(16, 128, 128);
    }

    @Test
    void limitedRangeBlackAndWhiteDecodeToTheFullRgbRange() {
        var fmt = new VideoFormat(2, 2, 25, 1);
        var clip = Y4mVideo.of(fmt, "420jpeg", ColorRange.LIMITED, List.of(
                YuvFrame.of(ChromaFormat.YUV420, 2, 2, new byte[] {16, 16, (byte) 235, (byte) 235}, new byte[] {(byte) 128}, new byte[] {(byte) 128})));
        byte[] rgb = Bt601.toRgb(clip).frame(0);
        assertThat(u8(rgb[0])).isZero();
        assertThat(u8(rgb[1])).isZero();
        assertThat(u8(rgb[6])).isEqualTo(255);
        assertThat(u8(rgb[11])).isEqualTo(255);
    }

    @Test
    void fullRangeIsTakenFromTheHeader() {
        var fmt = new VideoFormat(1, 1, 25, 1);
        var frame = YuvFrame.of(ChromaFormat.YUV444, 1, 1, new byte[] {100}, new byte[] {(byte) 128}, new byte[] {(byte) 128});
        assertThat(u8(Bt601.toRgb(Y4mVideo.of(fmt, "444", ColorRange.FULL, List.of(frame))).frame(0)[0])).isEqualTo(100);
        // limited: (100 - 16) * 255 / 219 = 97.8
        assertThat(u8(Bt601.toRgb(Y4mVideo.of(fmt, "444", ColorRange.LIMITED, List.of(frame))).frame(0)[0])).isEqualTo(98);
    }

    @Test
    void chromaIsUpsampledBilinearlyWithCentredSiting() {
        // 4x2 luma, 2x1 chroma: Cr columns 128 and 228. Luma column 1 sits 1/4 of the way from chroma 0 to 1.
        var fmt = new VideoFormat(4, 2, 25, 1);
        byte[] y = new byte[8];
        java.util.Arrays.fill(y, (byte) 126);
        var clip = Y4mVideo.of(fmt, "420", ColorRange.FULL, List.of(
                YuvFrame.of(ChromaFormat.YUV420, 4, 2, y, new byte[] {(byte) 128, (byte) 128}, new byte[] {(byte) 128, (byte) 228})));
        byte[] rgb = Bt601.toRgb(clip).frame(0);
        // R = 126 + 1.402 * cr with cr = 0, 25, 75, 100 at columns 0..3
        assertThat(new int[] {u8(rgb[0]), u8(rgb[3]), u8(rgb[6]), u8(rgb[9])})
                .containsExactly(126, (int) Math.floor(126 + 1.402 * 25 + 0.5), 231, 255);
    }

    @Test
    void roundTripOfNaturalContentStaysClose() {
        // A smooth gradient survives RGB -> 4:2:0 -> RGB with small error (chroma subsampling of smooth content).
        int w = 64;
        int h = 48;
        byte[] f = new byte[w * h * 3];
        var rnd = new Random(7);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int o = (y * w + x) * 3;
                f[o] = (byte) (40 + 2 * x);
                f[o + 1] = (byte) (60 + 3 * y);
                f[o + 2] = (byte) (90 + x + y + rnd.nextInt(2));
            }
        }
        var rgb = RgbVideo.of(new VideoFormat(w, h, 25, 1), List.of(f));
        byte[] back = Bt601.toRgb(Bt601.toYuv420(rgb)).frame(0);
        int maxErr = 0;
        for (int y = 1; y < h - 1; y++) {
            for (int x = 3; x < 3 * (w - 1); x++) {
                int i = y * w * 3 + x;
                maxErr = Math.max(maxErr, Math.abs(u8(back[i]) - u8(f[i])));
            }
        }
        assertThat(maxErr).isLessThanOrEqualTo(3);
    }

    @Test
    void monochromeGivesGrey() {
        var fmt = new VideoFormat(2, 1, 25, 1);
        var clip = Y4mVideo.of(fmt, "mono", ColorRange.FULL, List.of(YuvFrame.of(ChromaFormat.MONO, 2, 1, new byte[] {7, 9})));
        assertThat(Bt601.toRgb(clip).frame(0)).containsExactly(7, 7, 7, 9, 9, 9);
    }
}
