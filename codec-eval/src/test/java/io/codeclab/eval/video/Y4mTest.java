package io.codeclab.eval.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeclab.eval.EvaluationException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Y4mTest {

    private static Y4mVideo randomClip(String tag, int w, int h, int frames, long seed) {
        var chroma = ChromaFormat.fromY4mTag(tag);
        var rnd = new Random(seed);
        var list = new java.util.ArrayList<YuvFrame>();
        for (int f = 0; f < frames; f++) {
            var planes = new byte[chroma.planeCount()][];
            for (int p = 0; p < planes.length; p++) {
                planes[p] = new byte[chroma.planeWidth(p, w) * chroma.planeHeight(p, h)];
                rnd.nextBytes(planes[p]);
            }
            list.add(YuvFrame.of(chroma, w, h, planes));
        }
        return Y4mVideo.of(new VideoFormat(w, h, 30000, 1001), tag, ColorRange.LIMITED, list);
    }

    private static Y4mVideo parse(byte[] bytes) throws IOException {
        return Y4m.read(new ByteArrayInputStream(bytes), "test.y4m");
    }

    private static byte[] bytes(String header, int... frameSizes) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        for (int size : frameSizes) {
            out.writeBytes("FRAME\n".getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(new byte[size]);
        }
        return out.toByteArray();
    }

    @Test
    void roundTripKeepsEveryLayoutSizeRateAndSample(@TempDir Path dir) {
        for (String tag : List.of("420jpeg", "420mpeg2", "420paldv", "420", "422", "444", "mono")) {
            var clip = randomClip(tag, 17, 9, 3, tag.hashCode());
            var file = dir.resolve(tag + ".y4m");
            Y4m.write(clip, file);
            var back = Y4m.read(file);
            assertThat(back.format()).isEqualTo(clip.format());
            assertThat(back.chromaTag()).isEqualTo(tag);
            assertThat(back.frames()).isEqualTo(clip.frames());
            assertThat(back.planeWidth(back.chroma().planeCount() - 1)).isEqualTo(tag.startsWith("4") && !tag.equals("444") ? 9 : 17);
        }
    }

    @Test
    void oddSizesRoundChromaUp() throws IOException {
        var clip = parse(bytes("YUV4MPEG2 W5 H3 F25:1 C420jpeg\n", 15 + 3 * 2 * 2));
        assertThat(clip.planeWidth(1)).isEqualTo(3);
        assertThat(clip.planeHeight(1)).isEqualTo(2);
        assertThat(clip.frameBytes()).isEqualTo(27);
    }

    @Test
    void headerDefaultsAndIgnoredParameters() throws IOException {
        var clip = parse(bytes("YUV4MPEG2 W4 H2 F30000:1001 I? A10:11 XYSCSS=420JPEG XCOLORRANGE=FULL\n", 12, 12));
        assertThat(clip.chroma()).isEqualTo(ChromaFormat.YUV420);
        assertThat(clip.chromaTag()).isEqualTo("420jpeg");
        assertThat(clip.colorRange()).isEqualTo(ColorRange.FULL);
        assertThat(clip.format().fps()).isEqualTo(30000.0 / 1001);
        assertThat(clip.frameCount()).isEqualTo(2);
    }

    @Test
    void frameParametersAreSkipped() throws IOException {
        var out = new ByteArrayOutputStream();
        out.writeBytes("YUV4MPEG2 W2 H2 F1:1 C444\nFRAME Ixyz\n".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
        var clip = parse(out.toByteArray());
        assertThat(clip.frame(0).plane(2)).containsExactly(9, 10, 11, 12);
    }

    @Test
    void highBitDepthIsRefusedWithTheFix() {
        assertThatThrownBy(() -> parse(bytes("YUV4MPEG2 W4 H4 F25:1 C420p10\n", 48)))
                .isInstanceOf(ClipFormatException.class)
                .isInstanceOf(EvaluationException.class)
                .hasMessageContaining("C420p10")
                .hasMessageContaining("-pix_fmt yuv420p");
    }

    @Test
    void malformedStreamsAreRefusedClearly() {
        assertThatThrownBy(() -> parse(new byte[0])).isInstanceOf(ClipFormatException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> parse("RIFF1234\n".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(ClipFormatException.class).hasMessageContaining("not a Y4M file");
        assertThatThrownBy(() -> parse(bytes("YUV4MPEG2 W4 H4 C420jpeg\n", 24)))
                .isInstanceOf(ClipFormatException.class).hasMessageContaining("frame rate");
        assertThatThrownBy(() -> parse(bytes("YUV4MPEG2 H4 F25:1\n", 24)))
                .isInstanceOf(ClipFormatException.class).hasMessageContaining("W");
        assertThatThrownBy(() -> parse(bytes("YUV4MPEG2 W4 H4 F25:1\n")))
                .isInstanceOf(ClipFormatException.class).hasMessageContaining("no frames");
        assertThatThrownBy(() -> parse(bytes("YUV4MPEG2 W4 H4 F25:1\n", 24, 20)))
                .isInstanceOf(ClipFormatException.class).hasMessageContaining("frame 1 is truncated");
        assertThatThrownBy(() -> parse(bytes("YUV4MPEG2 W4 H4 F25:1\n", 25)))
                .isInstanceOf(ClipFormatException.class).hasMessageContaining("unexpected end of file");
        byte[] misaligned = bytes("YUV4MPEG2 W4 H4 F25:1\n", 24, 24);
        misaligned[misaligned.length - 24 - 6] = 'X';
        assertThatThrownBy(() -> parse(misaligned))
                .isInstanceOf(ClipFormatException.class).hasMessageContaining("frame 1 does not start with FRAME");
        assertThatThrownBy(() -> parse(bytes("YUV4MPEG2 W0 H4 F25:1\n", 24)))
                .isInstanceOf(ClipFormatException.class).hasMessageContaining("width");
    }

    @Test
    void readHeaderDoesNotNeedTheFrames(@TempDir Path dir) {
        var file = dir.resolve("a.y4m");
        Y4m.write(randomClip("422", 8, 6, 2, 1), file);
        var header = Y4m.readHeader(file);
        assertThat(header.format()).isEqualTo(new VideoFormat(8, 6, 30000, 1001));
        assertThat(header.chroma()).isEqualTo(ChromaFormat.YUV422);
    }
}
