package io.codeclab.eval.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeclab.testing.Allocations;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and broken Y4M files: each is a {@link ClipFormatException} (the CLI's exit 3) with a one-line reason,
 * read from a file and from a stream of unknown length, without allocating what the header claims.
 */
class Y4mHostileHeaderTest {

    /** Far below the 768 MiB frame the largest hostile header claims, far above what a refusal needs. */
    private static final long REFUSAL_ALLOCATION = 64L << 20;

    /** What one case must be refused with: a fragment of the one-line message. */
    static Stream<Arguments> hostileClips() {
        return Stream.of(
                clip("empty file", new byte[0], "empty file, expected a Y4M header"),
                clip("garbage signature", ascii("RIFF\u0000\u0001WAVEfmt \n"), "not a Y4M file (starts with 'RIFF??WAVEfmt'"),
                clip("binary garbage without newline", filled(10_000, (byte) 0x7f),
                        "header longer than 4096 bytes without a newline"),
                clip("header without newline", ascii("YUV4MPEG2 W4 H4 F25:1"), "unexpected end of file in the header"),
                clip("missing W", frames("YUV4MPEG2 H4 F25:1 C420jpeg\n", 24), "lacks W and/or H"),
                clip("missing H", frames("YUV4MPEG2 W4 F25:1\n", 24), "lacks W and/or H"),
                clip("missing frame rate", frames("YUV4MPEG2 W4 H4\n", 24), "lacks the frame rate F<num>:<den>"),
                clip("frame rate without colon", frames("YUV4MPEG2 W4 H4 F25\n", 24), "frame rate F25 is not of the form F<num>:<den>"),
                clip("zero frame rate denominator", frames("YUV4MPEG2 W4 H4 F25:0\n", 24),
                        "frame rate denominator (F) must be positive, was 0"),
                clip("zero width", frames("YUV4MPEG2 W0 H4 F25:1\n", 24), "width (W) must be positive, was 0"),
                clip("negative height", frames("YUV4MPEG2 W4 H-4 F25:1\n", 24), "height (H) must be positive, was -4"),
                clip("width not a number", frames("YUV4MPEG2 W4x H4 F25:1\n", 24), "width (W) is not a number: '4x'"),
                clip("huge width", frames("YUV4MPEG2 W100000 H4 F25:1\n", 24), "width (W) 100000 exceeds the limit of 16384"),
                clip("width beyond int", frames("YUV4MPEG2 W99999999999 H4 F25:1\n", 24),
                        "width (W) 99999999999 exceeds the limit of 16384"),
                clip("width beyond long", frames("YUV4MPEG2 W" + "9".repeat(40) + " H4 F25:1\n", 24), "is far too large"),
                // 46341^2 wraps a 32-bit int: the old reader computed a negative plane size here.
                clip("product wraps int", frames("YUV4MPEG2 W46341 H46341 F25:1\n", 24), "exceeds the limit of 16384"),
                // Within the bounds but 768 MiB a frame: refused from the file length, before any allocation.
                clip("16K 4:4:4 frame in a tiny file", frames("YUV4MPEG2 W16384 H16384 F25:1 C444\n", 24),
                        "frames of 805306368 bytes, but the file holds only 30 bytes after the header"),
                clip("unknown C tag", frames("YUV4MPEG2 W4 H4 F25:1 C411\n", 24), "unsupported Y4M colour space C411"),
                clip("high bit depth", frames("YUV4MPEG2 W4 H4 F25:1 C420p10 XYSCSS=420P10\n", 48),
                        "unsupported Y4M colour space C420p10"),
                clip("alpha", frames("YUV4MPEG2 W4 H4 F25:1 C444alpha\n", 64), "unsupported Y4M colour space C444alpha"),
                clip("interlaced top field first", frames("YUV4MPEG2 W4 H4 F25:1 It\n", 24),
                        "interlaced or unknown field order It is not supported"),
                clip("interlaced mixed", frames("YUV4MPEG2 W4 H4 F25:1 Im\n", 24), "interlaced or unknown field order Im"),
                clip("unknown colour range", frames("YUV4MPEG2 W4 H4 F25:1 XCOLORRANGE=WIDE\n", 24), "unknown XCOLORRANGE=WIDE"),
                clip("header but no frames", ascii("YUV4MPEG2 W4 H4 F25:1\n"), "Y4M header but no frames"),
                clip("frame marker without newline", concat(frames("YUV4MPEG2 W4 H4 F25:1\n", 24), ascii("FRAME")),
                        "unexpected end of file in the frame 1 marker"),
                clip("missing FRAME marker", ascii("YUV4MPEG2 W4 H4 F25:1\n" + "x".repeat(30) + "\n"),
                        "frame 0 does not start with FRAME"),
                clip("second frame truncated", frames("YUV4MPEG2 W4 H4 F25:1\n", 24, 20), "frame 1 is truncated"),
                clip("frame longer than the header says", frames("YUV4MPEG2 W4 H4 F25:1\n", 25, 24),
                        "frame 1 does not start with FRAME"));
    }

    private static Arguments clip(String name, byte[] bytes, String expected) {
        return Arguments.of(name, bytes, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileClips")
    void hostileFileIsRefusedWithAOneLineReasonCheaply(String name, byte[] bytes, String expected, @TempDir Path dir)
            throws IOException {
        Path file = dir.resolve("hostile.y4m");
        Files.write(file, bytes);

        var refusal = Allocations.refusal(() -> Y4m.read(file));
        Throwable thrown = refusal.thrown();

        assertThat(thrown).as(name).isInstanceOf(ClipFormatException.class);
        assertThat(thrown.getMessage()).as(name).startsWith(file + ": ").contains(expected).doesNotContain("\n");
        assertThat(refusal.allocatedBytes()).as(name + ": bytes allocated by the refusal")
                .isLessThan(REFUSAL_ALLOCATION);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileClips")
    void hostileStreamOfUnknownLengthIsRefusedToo(String name, byte[] bytes, String expected) {
        var refusal = Allocations.refusal(() -> Y4m.read(new ByteArrayInputStream(bytes), "stream.y4m"));
        Throwable thrown = refusal.thrown();

        assertThat(thrown).as(name).isInstanceOf(ClipFormatException.class);
        assertThat(thrown.getMessage()).as(name).startsWith("stream.y4m: ").doesNotContain("\n");
        if (!name.equals("16K 4:4:4 frame in a tiny file")) {
            assertThat(thrown.getMessage()).as(name).contains(expected);
        } else {
            // Without a length the reader reads what arrives and finds the frame short: no 768 MiB allocation.
            assertThat(thrown.getMessage()).contains("frame 0 is truncated (plane 0 has 24 of 268435456 bytes)");
        }
        assertThat(refusal.allocatedBytes()).as(name + ": bytes allocated by the refusal")
                .isLessThan(REFUSAL_ALLOCATION);
    }

    @Test
    void theCorpusHasAtLeastFifteenCases() {
        assertThat(hostileClips().count()).isEqualTo(28);
    }

    @Test
    void theLargestAllowedHeaderIsAcceptedWhenTheFileHoldsItsFrames() throws IOException {
        // 16384 x 1 mono: the bound is inclusive, and sizes are exact.
        var clip = Y4m.read(new ByteArrayInputStream(frames("YUV4MPEG2 W16384 H1 F25:1 Cmono\n", 16384)), "edge.y4m");
        assertThat(clip.frameBytes()).isEqualTo(16384);
        assertThat(clip.format().width()).isEqualTo(VideoFormat.MAX_DIMENSION);
        assertThatThrownBy(() -> new VideoFormat(16385, 1, 25, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exceeds the limit of 16384");
    }

    @Test
    void aClipLargerThanItsMemoryBudgetIsRefusedBeforeItsFramesAreRead() {
        // 10 frames of 4x4 4:2:0 (24 bytes each) against a budget of two frames' worth.
        byte[] bytes = frames("YUV4MPEG2 W4 H4 F25:1\n", 24, 24, 24, 24, 24, 24, 24, 24, 24, 24);
        long budget = 2 * (24 + 256);

        assertThatThrownBy(() -> Y4m.read(new ByteArrayInputStream(bytes), "long.y4m", bytes.length, budget))
                .isInstanceOf(ClipFormatException.class)
                .hasMessage("long.y4m: 10 frames of 4x4 need about 0 MiB of memory, more than the 0 MiB allowed for one "
                        + "clip (a quarter of the Java heap); use a shorter clip (ffmpeg -i IN -frames:v 60 OUT.y4m) or a "
                        + "larger heap (CODEC_LAB_JAVA_OPTS=-Xmx...)");
        assertThatCode(() -> Y4m.read(new ByteArrayInputStream(bytes), "long.y4m", bytes.length, 10 * (24 + 256)))
                .doesNotThrowAnyException();
    }

    @Test
    void aStreamOfUnknownLengthStopsAtItsMemoryBudgetToo() {
        byte[] bytes = frames("YUV4MPEG2 W4 H4 F25:1\n", 24, 24, 24);

        assertThatThrownBy(() -> Y4m.read(new ByteArrayInputStream(bytes), "pipe.y4m", -1, 2 * (24 + 256)))
                .isInstanceOf(ClipFormatException.class)
                .hasMessageStartingWith("pipe.y4m: more than 2 frames of 4x4 need over 0 MiB of memory");
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] filled(int n, byte value) {
        byte[] b = new byte[n];
        Arrays.fill(b, value);
        return b;
    }

    private static byte[] frames(String header, int... frameSizes) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(ascii(header));
        for (int size : frameSizes) {
            out.writeBytes(ascii("FRAME\n"));
            out.writeBytes(new byte[size]);
        }
        return out.toByteArray();
    }
}
