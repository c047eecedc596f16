package io.codeclab.orchestrator.clip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.codeclab.eval.video.ClipFormatException;
import io.codeclab.testing.Allocations;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Local clips through the library the daemon uses: hostile or broken files are a {@link ClipException}, quickly. */
class ClipLibraryTest {

    @TempDir
    Path dir;

    private S3Client s3;
    private ClipLibrary library;

    @BeforeEach
    void open() {
        // Never reached: every clip here is a local path.
        s3 = S3Client.builder().region(Region.US_EAST_1).endpointOverride(URI.create("http://127.0.0.1:9"))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("unused", "unused")))
                .build();
        library = new ClipLibrary(dir.resolve("cache"), s3);
    }

    @AfterEach
    void close() {
        s3.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            huge dimensions         | YUV4MPEG2 W1000000 H1000000 F25:1\\n | width (W) 1000000 exceeds the limit of 16384
            product wraps int       | YUV4MPEG2 W46341 H46341 F25:1\\n     | width (W) 46341 exceeds the limit of 16384
            16K frame in a tiny file | YUV4MPEG2 W16384 H16384 F25:1 C444\\n | but the file holds only 30 bytes after the header
            interlaced              | YUV4MPEG2 W4 H4 F25:1 Ib\\n          | interlaced or unknown field order Ib is not supported
            ten-bit                 | YUV4MPEG2 W4 H4 F25:1 C420p10\\n     | unsupported Y4M colour space C420p10
            no frame rate           | YUV4MPEG2 W4 H4\\n                   | lacks the frame rate
            """)
    void hostileHeaderIsAClipExceptionWithTheReason(String name, String header, String reason) throws Exception {
        Path clip = dir.resolve("hostile.y4m");
        var bytes = new ByteArrayOutputStream();
        bytes.writeBytes(header.replace("\\n", "\n").getBytes(StandardCharsets.US_ASCII));
        bytes.writeBytes("FRAME\n".getBytes(StandardCharsets.US_ASCII));
        bytes.writeBytes(new byte[24]);
        Files.write(clip, bytes.toByteArray());

        var refusal = Allocations.refusal(() -> library.load(clip.toString()));
        Throwable thrown = refusal.thrown();

        assertThat(thrown).as(name).isInstanceOf(ClipException.class).hasCauseInstanceOf(ClipFormatException.class);
        assertThat(thrown.getMessage()).startsWith("clip " + clip + " is not usable: ").contains(reason)
                .doesNotContain("\n");
        // The header claims frames of hundreds of MiB: refusing must not allocate them.
        assertThat(refusal.allocatedBytes()).as("bytes allocated by the refusal").isLessThan(64L << 20);
    }

    @Test
    void truncatedFrameIsAClipException() throws Exception {
        Path clip = dir.resolve("truncated.y4m");
        Files.writeString(clip, "YUV4MPEG2 W4 H4 F25:1\nFRAME\n" + "x".repeat(24) + "FRAME\n" + "x".repeat(10),
                StandardCharsets.US_ASCII);

        assertThat(catchThrowable(() -> library.load(clip.toString()))).isInstanceOf(ClipException.class)
                .hasMessageContaining("frame 1 is truncated (needs 24 bytes, the file has 10 left)");
    }

    @Test
    void aMissingClipIsAClipExceptionThatSaysHowToGetClips() {
        assertThat(catchThrowable(() -> library.load(dir.resolve("absent.y4m").toString())))
                .isInstanceOf(ClipException.class).hasMessageContaining("does not exist; run scripts/fetch-clips");
    }

    @Test
    void aWellFormedClipLoadsAsRgb() throws Exception {
        Path clip = dir.resolve("grey.y4m");
        Files.writeString(clip, "YUV4MPEG2 W4 H2 F25:1 C420jpeg\nFRAME\n" + "\u0080".repeat(12), StandardCharsets.ISO_8859_1);

        var loaded = library.load(clip.toString());

        assertThat(loaded.name()).isEqualTo("grey.y4m");
        assertThat(loaded.video().frameCount()).isEqualTo(1);
        assertThat(loaded.video().rawBytes()).isEqualTo(4 * 2 * 3);
    }
}
