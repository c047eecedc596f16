package io.codeclab.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeclab.orchestrator.testing.CodecLabProcess;
import io.codeclab.testing.TestClips;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@code scripts/codec-lab} fails, as users meet it (SPEC §2 exit codes): a usage error is 2, a rejected
 * input 3, an internal error 1, each with a one-line reason on stderr and nothing on stdout. Inputs that
 * cannot be read even by root are used for "unreadable" (a directory or a FIFO where a file belongs): the
 * tests run as root, for whom a mode of 000 changes nothing.
 */
class CliErrorsIT {

    private static final int FRAMES = 4;
    private static final Duration QUICK = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    private CodecLabProcess lab() {
        return CodecLabProcess.on(dir.resolve("data"), FRAMES);
    }

    private static void assertFailed(CodecLabProcess.Result result, int exitCode, String stderrLine) {
        assertThat(result.exitCode()).as("exit code; stderr:%n%s", CodecLabProcess.tail(result.stderr()))
                .isEqualTo(exitCode);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).contains(stderrLine);
    }

    @Test
    void anUnknownCodecLabNameInTheEnvironmentIsAUsageErrorNamingTheClosestKnownName() {
        var result = lab().with("CODEC_LAB_SANDBX", "bwrap").start("experiments", "list").await(QUICK);
        assertFailed(result, 2, "codec-lab: configuration error: unknown setting CODEC_LAB_SANDBX in the environment;"
                + " did you mean CODEC_LAB_SANDBOX?");
    }

    @Test
    void aDataDirectoryTheSandboxCanSeeIsAUsageErrorAndNothingIsCreatedThere() {
        var result = lab().with("CODEC_LAB_DATA_DIR", "/usr/share/codec-lab-cli-errors-it")
                .start("experiments", "list").await(QUICK);
        assertFailed(result, 2, "codec-lab: configuration error: CODEC_LAB_DATA_DIR=/usr/share/codec-lab-cli-errors-it"
                + " lies under /usr, which the bwrap sandbox binds into every sandbox");
        assertThat(Path.of("/usr/share/codec-lab-cli-errors-it")).doesNotExist();
    }

    @Test
    void configurationFilesThatAreMissingUnreadableOrCorruptAreUsageErrors() throws Exception {
        Path missing = dir.resolve("missing.properties");
        assertFailed(lab().start("experiments", "list", "--config", missing.toString()).await(QUICK), 2,
                "codec-lab: configuration error: the configuration file " + missing + " does not exist");

        Path directory = Files.createDirectories(dir.resolve("config.d"));
        assertFailed(lab().start("experiments", "list", "--config", directory.toString()).await(QUICK), 2,
                "codec-lab: configuration error: the configuration file " + directory + " is a directory");

        Path binary = dir.resolve("binary.properties");
        var bytes = new byte[64];
        Arrays.fill(bytes, (byte) 0xC3); // lead bytes without continuation: not UTF-8
        Files.write(binary, bytes);
        assertFailed(lab().start("experiments", "list", "--config", binary.toString()).await(QUICK), 2,
                "codec-lab: configuration error: the configuration file " + binary + " is not UTF-8 text");

        Path badEscape = dir.resolve("escape.properties");
        Files.writeString(badEscape, "CODEC_LAB_BUCKET=\\u00\n");
        assertFailed(lab().start("experiments", "list", "--config", badEscape.toString()).await(QUICK), 2,
                "codec-lab: configuration error: the configuration file " + badEscape + " is not a properties file");

        Path typo = dir.resolve("typo.properties");
        Files.writeString(typo, "CODEC_LAB_QUALITES=2,8\n");
        assertFailed(lab().start("experiments", "list", "--config", typo.toString()).await(QUICK), 2,
                "codec-lab: configuration error: unknown setting CODEC_LAB_QUALITES in " + typo
                        + "; did you mean CODEC_LAB_QUALITIES?");

        Path badValue = dir.resolve("bad-value.properties");
        Files.writeString(badValue, "CODEC_LAB_QUALITIES=2,99\n");
        assertFailed(lab().start("experiments", "list", "--config", badValue.toString()).await(QUICK), 2,
                "codec-lab: configuration error: CODEC_LAB_QUALITIES='2,99' must be comma-separated integers within 1..10");
    }

    @Test
    void clipsGivenOnTheCommandLineThatAreMissingOrUnreadableAreUsageErrors() throws Exception {
        String good = CodecLabProcess.shortened(dir, TestClips.search(), FRAMES).toString();
        Path missing = dir.resolve("missing.y4m");
        assertFailed(lab().start("metrics", missing.toString(), good).await(QUICK), 2, "no such file: " + missing);

        Path directory = Files.createDirectories(dir.resolve("clip.y4m"));
        assertFailed(lab().start("metrics", good, directory.toString()).await(QUICK), 2,
                directory + " is a directory, not a file");

        Path fifo = dir.resolve("fifo.y4m");
        var mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).isZero();
        assertFailed(lab().start("metrics", fifo.toString(), good).await(QUICK), 2, fifo + " is not a regular file");
    }

    @Test
    void corruptClipsAreRejectedWithExitThreeAndTheirName() throws Exception {
        String good = CodecLabProcess.shortened(dir, TestClips.search(), FRAMES).toString();
        Path garbage = dir.resolve("garbage.y4m");
        Files.writeString(garbage, "this is no video\n");
        assertFailed(lab().start("metrics", garbage.toString(), good).await(QUICK), 3,
                "codec-lab: rejected: " + garbage);

        // A real clip cut off in the middle of its second frame.
        byte[] clip = Files.readAllBytes(Path.of(good));
        Path truncated = dir.resolve("truncated.y4m");
        Files.write(truncated, Arrays.copyOf(clip, clip.length / FRAMES + 1000));
        assertFailed(lab().start("metrics", good, truncated.toString()).await(QUICK), 3,
                "codec-lab: rejected: " + truncated);
    }

    @Test
    void clipsTheServiceIsConfiguredWithThatAreMissingOrCorruptAreRejected() throws Exception {
        Path missing = dir.resolve("missing.y4m");
        assertFailed(lab().with("CODEC_LAB_SEARCH_CLIPS", missing.toString()).start("run-once", "--json").await(QUICK),
                3, "codec-lab: rejected: clip " + missing + " does not exist");

        Path garbage = dir.resolve("garbage.y4m");
        Files.writeString(garbage, "YUV4MPEG2 W320 H180 F25:1 Ip A1:1 C420jpeg\nFRAME\nshort");
        assertFailed(lab().with("CODEC_LAB_ADOPTION_CLIPS", garbage.toString()).start("run-once", "--json").await(QUICK),
                3, "codec-lab: rejected: clip " + garbage + " is not usable");
    }

    /**
     * Exit code 1 is for failures that are neither the user's usage nor a rejected input. An honest one: the
     * configured DynamoDB endpoint does not answer (a port nobody listens on), so no command can reach its
     * store; the SDK gives up after its retries and the process says so.
     */
    @Test
    void aStoreThatDoesNotAnswerIsAnInternalErrorWithExitOne() throws IOException {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var result = lab()
                .with("CODEC_LAB_DYNAMODB_ENDPOINT", "http://127.0.0.1:" + closedPort)
                .with("CODEC_LAB_REGION", "us-east-1")
                .with("AWS_ACCESS_KEY_ID", "AKIDEXAMPLEONLY")
                .with("AWS_SECRET_ACCESS_KEY", "not-a-real-secret")
                .start("experiments", "list", "--json").await(QUICK);
        assertFailed(result, 1, "codec-lab: internal error: ");
        assertThat(result.stderr()).contains("Connection refused");
    }
}
