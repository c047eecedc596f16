package io.codeclab.eval.video;

import java.util.ArrayList;

/**
 * Conversion between Y'CbCr clips and the RGB frames codec programs see, with the ITU-R BT.601 matrix (Kr =
 * 0.299, Kb = 0.114), which is what ffmpeg uses by default for {@code yuv420p <-> rgb24} at these sizes.
 * All arithmetic is in {@code double}; each output sample is rounded half up ({@code floor(x + 0.5)}) and
 * clamped to 0..255. Nothing is rounded in between.
 *
 * <p><b>YUV to RGB</b> ({@link #toRgb}). Limited range (the default, and what Y4M clips without
 * {@code XCOLORRANGE=FULL} are): {@code y = (Y - 16) * 255/219}, {@code cb = (Cb - 128) * 255/224},
 * {@code cr = (Cr - 128) * 255/224}; full range: {@code y = Y, cb = Cb - 128, cr = Cr - 128}. Then
 * {@code R = y + 1.402 cr}, {@code G = y - (0.114 * 1.772 / 0.587) cb - (0.299 * 1.402 / 0.587) cr}
 * (0.344136..., 0.714136...), {@code B = y + 1.772 cb}. Subsampled chroma is upsampled bilinearly with
 * centred siting (JPEG/MPEG-1 style: a chroma sample sits between its two luma samples, so the weights are
 * 3/4 and 1/4; the edge sample is repeated), for every 4:2:0 variant: the quarter-pixel horizontal offset
 * of {@code 420mpeg2}/{@code 420paldv} siting is ignored. 4:2:2 is upsampled horizontally only.
 * Monochrome clips give R = G = B = y.
 *
 * <p><b>RGB to YUV 4:2:0</b> ({@link #toYuv420}), limited range, tagged {@code C420jpeg}:
 * {@code Y = 16 + 219/255 (0.299 R + 0.587 G + 0.114 B)}; chroma from the mean R, G, B of each 2x2 block
 * (centred siting; at an odd right or bottom edge the mean of the pixels that exist):
 * {@code Cb = 128 + 224/255 (B - Y_full) / 1.772}, {@code Cr = 128 + 224/255 (R - Y_full) / 1.402} with
 * {@code Y_full = 0.299 R + 0.587 G + 0.114 B} of the block mean.
 */
public final class Bt601 {

    static final double KR = 0.299;
    static final double KB = 0.114;
    static final double KG = 1 - KR - KB;
    private static final double CR_TO_R = 2 * (1 - KR);           // 1.402
    private static final double CB_TO_B = 2 * (1 - KB);           // 1.772
    private static final double CB_TO_G = KB * CB_TO_B / KG;      // 0.344136...
    private static final double CR_TO_G = KR * CR_TO_R / KG;      // 0.714136...

    private Bt601() {
    }

    /** Converts every frame to interleaved RGB; keeps size and frame rate. */
    public static RgbVideo toRgb(Y4mVideo video) {
        int w = video.width();
        int h = video.height();
        boolean full = video.colorRange() == ColorRange.FULL;
        double yScale = full ? 1 : 255.0 / 219;
        double yOffset = full ? 0 : 16;
        double cScale = full ? 1 : 255.0 / 224;
        var chroma = video.chroma();
        var frames = new ArrayList<byte[]>(video.frameCount());
        double[] cbRow = new double[w];
        double[] crRow = new double[w];
        for (var frame : video.frames()) {
            byte[] rgb = new byte[w * h * 3];
            byte[] yPlane = frame.plane(0);
            for (int y = 0; y < h; y++) {
                if (chroma == ChromaFormat.MONO) {
                    java.util.Arrays.fill(cbRow, 0);
                    java.util.Arrays.fill(crRow, 0);
                } else {
                    upsampleRow(frame.plane(1), video, y, cbRow, cScale);
                    upsampleRow(frame.plane(2), video, y, crRow, cScale);
                }
                int yi = y * w;
                int o = yi * 3;
                for (int x = 0; x < w; x++) {
                    double luma = ((yPlane[yi + x] & 0xff) - yOffset) * yScale;
                    double cb = cbRow[x];
                    double cr = crRow[x];
                    rgb[o++] = toByte(luma + CR_TO_R * cr);
                    rgb[o++] = toByte(luma - CB_TO_G * cb - CR_TO_G * cr);
                    rgb[o++] = toByte(luma + CB_TO_B * cb);
                }
            }
            frames.add(rgb);
        }
        return RgbVideo.of(video.format(), frames);
    }

    /** Chroma of luma row {@code y}, centred at 0 and scaled to full range, one value per luma column. */
    private static void upsampleRow(byte[] plane, Y4mVideo video, int y, double[] out, double scale) {
        int cw = video.planeWidth(1);
        int ch = video.planeHeight(1);
        boolean subX = cw != video.width();
        boolean subY = ch != video.height();
        int r0;
        int r1;
        double w1;
        if (subY) {
            int k = y >> 1;
            r0 = k;
            r1 = (y & 1) == 0 ? Math.max(k - 1, 0) : Math.min(k + 1, ch - 1);
            w1 = 0.25;
        } else {
            r0 = y;
            r1 = y;
            w1 = 0;
        }
        int base0 = r0 * cw;
        int base1 = r1 * cw;
        double w0 = 1 - w1;
        for (int x = 0; x < out.length; x++) {
            double v;
            if (subX) {
                int k = x >> 1;
                int k1 = (x & 1) == 0 ? Math.max(k - 1, 0) : Math.min(k + 1, cw - 1);
                double a = w0 * (plane[base0 + k] & 0xff) + w1 * (plane[base1 + k] & 0xff);
                double b = w0 * (plane[base0 + k1] & 0xff) + w1 * (plane[base1 + k1] & 0xff);
                v = 0.75 * a + 0.25 * b;
            } else {
                v = w0 * (plane[base0 + x] & 0xff) + w1 * (plane[base1 + x] & 0xff);
            }
            out[x] = (v - 128) * scale;
        }
    }

    /** Converts RGB frames to limited-range 4:2:0 ({@code C420jpeg}); keeps size and frame rate. */
    public static Y4mVideo toYuv420(RgbVideo video) {
        int w = video.width();
        int h = video.height();
        int cw = (w + 1) / 2;
        int ch = (h + 1) / 2;
        double ys = 219.0 / 255;
        double cs = 224.0 / 255;
        var frames = new ArrayList<YuvFrame>(video.frameCount());
        for (int i = 0; i < video.frameCount(); i++) {
            byte[] rgb = video.frame(i);
            byte[] yp = new byte[w * h];
            byte[] up = new byte[cw * ch];
            byte[] vp = new byte[cw * ch];
            for (int p = 0, o = 0; p < w * h; p++, o += 3) {
                double luma = KR * (rgb[o] & 0xff) + KG * (rgb[o + 1] & 0xff) + KB * (rgb[o + 2] & 0xff);
                yp[p] = toByte(16 + ys * luma);
            }
            for (int cy = 0; cy < ch; cy++) {
                for (int cx = 0; cx < cw; cx++) {
                    double r = 0;
                    double g = 0;
                    double b = 0;
                    int n = 0;
                    for (int dy = 0; dy < 2; dy++) {
                        int y = 2 * cy + dy;
                        if (y >= h) {
                            break;
                        }
                        for (int dx = 0; dx < 2; dx++) {
                            int x = 2 * cx + dx;
                            if (x >= w) {
                                break;
                            }
                            int o = (y * w + x) * 3;
                            r += rgb[o] & 0xff;
                            g += rgb[o + 1] & 0xff;
                            b += rgb[o + 2] & 0xff;
                            n++;
                        }
                    }
                    r /= n;
                    g /= n;
                    b /= n;
                    double luma = KR * r + KG * g + KB * b;
                    up[cy * cw + cx] = toByte(128 + cs * (b - luma) / CB_TO_B);
                    vp[cy * cw + cx] = toByte(128 + cs * (r - luma) / CR_TO_R);
                }
            }
            frames.add(YuvFrame.wrap(new byte[][] {yp, up, vp}));
        }
        return Y4mVideo.of(video.format(), "420jpeg", ColorRange.LIMITED, frames);
    }

    private static byte toByte(double v) {
        double r = Math.floor(v + 0.5);
        return (byte) (r <= 0 ? 0 : r >= 255 ? 255 : (int) r);
    }
}
