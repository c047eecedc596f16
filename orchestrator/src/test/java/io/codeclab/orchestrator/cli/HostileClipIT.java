package io.codeclab.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeclab.orchestrator.testing.CodecLabProcess;
import io.codeclab.testing.TestClips;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hostile and broken Y4M files given to {@code scripts/codec-lab metrics} and {@code eval}: exit 3 and one line
 * naming the file and the reason, never an internal error (exit 1) or an OutOfMemoryError.
 */
class HostileClipIT {

    private static final String CODEC = "import numpy as np\n\n\ndef encode(frames, quality):\n    return frames.tobytes()\n\n\n"
            + "def decode(data):\n    return np.frombuffer(data, dtype=np.uint8).reshape(-1, 180, 320, 3)\n";

    @TempDir
    static Path dataDir;

    private static Path goodClip;

    @BeforeAll
    static void clips() {
        goodClip = CodecLabProcess.shortened(dataDir, TestClips.search(), 2);
    }

    private static Path hostile(String name, String header, int... frameSizes) throws Exception {
        var out = new ByteArrayOutputStream();
        out.writeBytes(header.replace("\\n", "\n").getBytes(StandardCharsets.US_ASCII));
        for (int size : frameSizes) {
            out.writeBytes("FRAME\n".getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(new byte[size]);
        }
        Path file = dataDir.resolve(name + ".y4m");
        Files.write(file, out.toByteArray());
        return file;
    }

    @ParameterizedTest(name = "metrics: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            huge-dimensions  | YUV4MPEG2 W2000000000 H2000000000 F25:1 C444\\n | 24 | width (W) 2000000000 exceeds the limit of 16384
            16k-frame-tiny   | YUV4MPEG2 W16384 H16384 F25:1 C444\\n           | 24 | frames of 805306368 bytes, but the file holds only 30 bytes after the header
            interlaced       | YUV4MPEG2 W4 H4 F25:1 It\\n                     | 24 | interlaced or unknown field order It is not supported
            ten-bit          | YUV4MPEG2 W4 H4 F25:1 C420p10\\n                | 48 | unsupported Y4M colour space C420p10
            missing-frame    | YUV4MPEG2 W4 H4 F25:1 C420jpeg\\nGARBAGE-GARBAGE-GARBAGE-GARBAGE-GARBAGE\\n |  0 | does not start with FRAME
            """)
    void metricsRefusesAHostileClipWithExitThreeAndTheReason(String name, String header, int frameSize, String reason)
            throws Exception {
        Path clip = frameSize > 0 ? hostile(name, header, frameSize) : hostile(name, header);

        var run = CodecLabProcess.on(dataDir, 2).start("metrics", clip.toString(), goodClip.toString())
                .await(Duration.ofMinutes(2));

        assertThat(run.exitCode()).as("stderr:%n%s", run.stderr()).isEqualTo(ExitCodes.REJECTED);
        assertThat(run.stderr()).contains("codec-lab: rejected: " + clip + ": ").contains(reason)
                .doesNotContain("OutOfMemoryError").doesNotContain("internal error");
        assertThat(run.stdout()).isEmpty();
    }

    @Test
    void evalRefusesAHostileClipWithExitThreeBeforeRunningAnything() throws Exception {
        Path clip = hostile("truncated", "YUV4MPEG2 W320 H180 F25:1 C420jpeg\\n", 320 * 180 * 3 / 2, 1000);
        Path codec = dataDir.resolve("raw.py");
        Files.writeString(codec, CODEC);

        var run = CodecLabProcess.on(dataDir, 2).start("eval", codec.toString(), "--clip", clip.toString(), "--json")
                .await(Duration.ofMinutes(3));

        assertThat(run.exitCode()).as("stderr:%n%s", run.stderr()).isEqualTo(ExitCodes.REJECTED);
        assertThat(run.stderr()).contains("codec-lab: rejected: clip " + clip + " is not usable: ")
                .contains("frame 1 is truncated (needs 86400 bytes, the file has 1000 left)")
                .doesNotContain("internal error");
    }
}
