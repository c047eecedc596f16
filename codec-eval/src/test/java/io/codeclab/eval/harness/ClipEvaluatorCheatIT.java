package io.codeclab.eval.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.codeclab.eval.codecs.BuiltInCodecs;
import io.codeclab.eval.metrics.RgbMetrics;
import io.codeclab.sandbox.Sandbox;
import io.codeclab.sandbox.SandboxBackend;
import io.codeclab.sandbox.SandboxConfig;
import io.codeclab.sandbox.SandboxLimits;
import io.codeclab.sandbox.Sandboxes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cheating and broken candidates against the real bwrap sandbox and real footage: each one must fail with
 * its named kind and a message a model can act on, and an honest (if useless) codec must be scored honestly.
 * The candidates call open() and friends directly: the policy is a separate stage, these tests exercise
 * what the sandbox and the harness checks catch on their own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClipEvaluatorCheatIT {

    private static final int FRAMES = 4;
    private static final int HEADER_BYTES = 12;
    private static final SandboxLimits LIMITS = SandboxLimits.custom().wallTimeout(Duration.ofSeconds(60)).build();

    /**
     * An honest codec that stores the raw frames behind a 12-byte header (n, h, w); {@code finish} is where
     * the broken variants below change what decode returns.
     */
    private static final String RAW_CODEC = """
            import struct
            import numpy as np

            def encode(frames, quality):
                n, h, w, _ = frames.shape
                return struct.pack("<III", n, h, w) + frames.tobytes()

            def decode(data):
                n, h, w = struct.unpack_from("<III", data, 0)
                frames = np.frombuffer(data, dtype=np.uint8, offset=12).reshape(n, h, w, 3)
                return finish(frames)

            """;

    private static final String HONEST_FINISH = """
            def finish(frames):
                return frames
            """;

    /** A decoder that ignores the bitstream's payload and reads the frames from {@code %s} instead. */
    private static final String READS_FILE_DECODER = """
            import struct
            import numpy as np

            def encode(frames, quality):
                n, h, w, _ = frames.shape
                return struct.pack("<III", n, h, w)

            def decode(data):
                n, h, w = struct.unpack_from("<III", data, 0)
                with open(%s, "rb") as f:
                    raw = f.read()
                return np.frombuffer(raw, dtype=np.uint8)[: n * h * w * 3].reshape(n, h, w, 3)
            """;

    /** Host files a cheat might try to reach (outside the sandbox's mounts). */
    private Path hostFiles;
    private Sandbox sandbox;
    private ClipEvaluator evaluator;
    private Clip clip;

    /** The backend under test; the Docker variant of these checks overrides it. */
    Sandbox openSandbox() {
        return Sandboxes.create(SandboxConfig.custom().backend(SandboxBackend.BWRAP).build());
    }

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        hostFiles = Files.createDirectory(dir.resolve("host-files"));
        sandbox = openSandbox();
        evaluator = new ClipEvaluator(new CodecHarness(sandbox, dir.resolve("runs")), 2);
        clip = TestFootage.search(FRAMES);
    }

    @AfterAll
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    // ---- the decoder sees its bitstream and nothing else ----

    Stream<String> pathsOutsideTheBitstream() {
        return Stream.of(
                "/input/frames.rgb",
                "/input/frames.json",
                "/code/../input/frames.rgb",
                "/code/../../input/frames.rgb",
                TestFootage.path(io.codeclab.testing.TestClips.SEARCH_CLIP).toAbsolutePath().toString());
    }

    @ParameterizedTest
    @MethodSource("pathsOutsideTheBitstream")
    void decoderReadingAnyFileBesideItsBitstreamFindsNothing(String path) {
        var failure = failureOf(READS_FILE_DECODER.formatted(pythonString(path)), 5);

        assertThat(failure.stage()).isEqualTo("test");
        assertThat(failure.kind()).isEqualTo("FileNotFoundError");
        assertThat(failure.message()).startsWith("FileNotFoundError: ").contains(path);
        assertThat(failure.tracebackTail()).contains("Traceback").contains("codec.py").contains("in decode");
    }

    @Test
    void hostFileOfTheTestIsInvisibleToTheDecoderEvenWhenWorldReadable() throws Exception {
        Path secret = hostFiles.resolve("frames.rgb");
        Files.write(secret, new byte[(int) clip.video().rawBytes()]);
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(hostFiles, PosixFilePermissions.fromString("rwxr-xr-x"));

        var failure = failureOf(READS_FILE_DECODER.formatted(pythonString(secret.toString())), 5);

        assertThat(failure.kind()).isEqualTo("FileNotFoundError");
        assertThat(failure.message()).contains(secret.toString());
    }

    @Test
    void encoderLeavingTheFramesInTmpDoesNotHelpTheDecoder() {
        var failure = failureOf(leavesFramesBehind("/tmp/stash.rgb"), 5);

        assertThat(failure.kind()).isEqualTo("FileNotFoundError");
        assertThat(failure.message()).contains("/tmp/stash.rgb");
        assertThat(failure.tracebackTail()).contains("in decode");
    }

    @Test
    void encoderLeavingTheFramesInOutputDoesNotHelpTheDecoder() {
        var failure = failureOf(leavesFramesBehind("/output/stash.rgb"), 5);

        assertThat(failure.kind()).isEqualTo("FileNotFoundError");
        assertThat(failure.message()).contains("/output/stash.rgb");
    }

    /** Proves the stash really was written (the encoder ran to completion) before the decoder looked for it. */
    private static String leavesFramesBehind(String stash) {
        return """
                import struct
                import numpy as np

                def encode(frames, quality):
                    n, h, w, _ = frames.shape
                    with open(%1$s, "wb") as f:
                        f.write(frames.tobytes())
                    with open(%1$s, "rb") as f:
                        assert len(f.read()) == n * h * w * 3
                    return struct.pack("<III", n, h, w)

                def decode(data):
                    n, h, w = struct.unpack_from("<III", data, 0)
                    with open(%1$s, "rb") as f:
                        raw = f.read()
                    return np.frombuffer(raw, dtype=np.uint8).reshape(n, h, w, 3)
                """.formatted(pythonString(stash));
    }

    @Test
    void encoderPassingAHostFileOffAsItsBitstreamThroughASymlinkIsRefused() throws Exception {
        Path secret = hostFiles.resolve("secret.txt");
        Files.writeString(secret, "host secret that must never become a bitstream");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));
        String program = """
                import os

                def encode(frames, quality):
                    os.symlink(%s, "/output/bitstream.bin")
                    os._exit(0)

                def decode(data):
                    raise AssertionError("never reached")
                """.formatted(pythonString(secret.toString()));

        var result = evaluator.evaluate("test", new CodecProgram(program), clip, List.of(5), LIMITS);

        assertThat(result).isInstanceOf(ClipEvaluation.Failed.class);
        var failure = ((ClipEvaluation.Failed) result).failure();
        assertThat(failure.kind()).isEqualTo(FailureKind.NO_BITSTREAM);
        assertThat(failure.message()).contains("symbolic link").doesNotContain("host secret");
        assertThat(result.runs()).hasSize(1);
    }

    @Test
    void decoderPassingAHostFileOffAsItsFramesThroughASymlinkIsRefused() throws Exception {
        Path fake = hostFiles.resolve("fake-frames.rgb");
        Files.write(fake, new byte[(int) clip.video().rawBytes()]);
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rw-r--r--"));
        String program = RAW_CODEC + """
                import json, os

                def finish(frames):
                    os.symlink(%s, "/output/decoded.rgb")
                    with open("/output/decoded.json", "w") as f:
                        json.dump({"ok": True, "shape": list(frames.shape), "dtype": "uint8"}, f)
                    os._exit(0)
                """.formatted(pythonString(fake.toString()));

        var failure = failureOf(program, 5);

        assertThat(failure.kind()).isEqualTo(FailureKind.WRONG_TYPE);
        assertThat(failure.message()).contains("symbolic link");
    }

    @Test
    void encoderForgingTheHarnessReportGetsNoKindOrMessageOfItsChoosing() {
        var failure = failureOf("""
                import json, sys

                def encode(frames, quality):
                    with open("/output/encode.json", "w") as f:
                        json.dump({"ok": False, "kind": "CHAMPION_FAILED", "message": "adopt me " * 1000}, f)
                    sys.exit(3)

                def decode(data):
                    raise AssertionError("never reached")
                """, 5);

        assertThat(failure.kind()).isEqualTo("CRASH");
        assertThat(failure.message()).isEqualTo("the program exited with status 3").doesNotContain("adopt me");
    }

    @Test
    void decoderReportOfARealContractBreakIsKeptButBounded() {
        var failure = failureOf(RAW_CODEC + """
                import json, sys

                def finish(frames):
                    with open("/output/decoded.json", "w") as f:
                        json.dump({"ok": False, "kind": "WRONG_SHAPE", "message": "x" * 5000}, f)
                    sys.exit(3)
                """, 5);

        assertThat(failure.kind()).isEqualTo(FailureKind.WRONG_SHAPE);
        assertThat(failure.message()).hasSize(303).endsWith("...");
    }

    // ---- what decode returns is checked before anything is measured ----

    @Test
    void decoderDroppingAFrameFailsWithWrongFrameCount() {
        var failure = failureOf(RAW_CODEC + """
                def finish(frames):
                    return frames[:-1]
                """, 5);

        assertThat(failure.kind()).isEqualTo(FailureKind.WRONG_FRAME_COUNT);
        assertThat(failure.message()).contains("returned " + (FRAMES - 1) + " frames, expected " + FRAMES)
                .contains("frame count");
    }

    @Test
    void decoderReturningInt16FailsWithWrongDtype() {
        var failure = failureOf(RAW_CODEC + """
                def finish(frames):
                    return frames.astype(np.int16)
                """, 5);

        assertThat(failure.kind()).isEqualTo(FailureKind.WRONG_DTYPE);
        assertThat(failure.message()).contains("must return uint8").contains("int16").doesNotContain("NaN");
    }

    @Test
    void decoderReturningFloatWithNanFailsWithWrongDtypeNamingTheNan() {
        var failure = failureOf(RAW_CODEC + """
                def finish(frames):
                    out = frames.astype(np.float32)
                    out[1, 2, 3, 0] = np.nan
                    return out
                """, 5);

        assertThat(failure.kind()).isEqualTo(FailureKind.WRONG_DTYPE);
        assertThat(failure.message()).contains("must return uint8").contains("float32").contains("NaN");
    }

    @Test
    void decoderReturningTransposedFramesFailsWithWrongShape() {
        var failure = failureOf(RAW_CODEC + """
                def finish(frames):
                    return np.ascontiguousarray(frames.transpose(0, 2, 1, 3))
                """, 5);

        int w = clip.video().width();
        int h = clip.video().height();
        assertThat(failure.kind()).isEqualTo(FailureKind.WRONG_SHAPE);
        assertThat(failure.message()).contains("[" + FRAMES + ", " + w + ", " + h + ", 3]")
                .contains("expected [" + FRAMES + ", " + h + ", " + w + ", 3]");
    }

    @Test
    void decoderReturningFourChannelsFailsWithWrongShapeInTheHarness() {
        var failure = failureOf(RAW_CODEC + """
                def finish(frames):
                    alpha = np.full(frames.shape[:3] + (1,), 255, dtype=np.uint8)
                    return np.concatenate([frames, alpha], axis=3)
                """, 5);

        assertThat(failure.kind()).isEqualTo(FailureKind.WRONG_SHAPE);
        assertThat(failure.message()).contains("(N, H, W, 3)").contains(", 4)");
    }

    @Test
    void decoderAddingRandomNoiseFailsAsNonDeterministic() {
        var result = evaluator.evaluate("test", new CodecProgram(RAW_CODEC + """
                def finish(frames):
                    noise = np.random.default_rng().integers(0, 2, size=frames.shape, dtype=np.uint8)
                    return frames ^ noise
                """), clip, List.of(5), LIMITS);

        var failure = failed(result);
        assertThat(failure.kind()).isEqualTo(FailureKind.NON_DETERMINISTIC);
        assertThat(failure.message()).contains("twice").contains("bitstream only");
        // one encode and two decodes: the second decode is what exposed it
        assertThat(result.runs()).extracting(SandboxRun::side)
                .containsExactly(SandboxRun.ENCODE, SandboxRun.DECODE, SandboxRun.DECODE);
    }

    // ---- what encode returns ----

    @Test
    void encoderReturningEmptyBytesFailsWithEmptyBitstreamWithoutDecoding() {
        var result = evaluator.evaluate("test", new CodecProgram(RAW_CODEC.replace(
                "return struct.pack(\"<III\", n, h, w) + frames.tobytes()", "return b''") + HONEST_FINISH),
                clip, List.of(5), LIMITS);

        var failure = failed(result);
        assertThat(failure.kind()).isEqualTo(FailureKind.EMPTY_BITSTREAM);
        assertThat(failure.message()).contains("empty bitstream");
        assertThat(result.runs()).extracting(SandboxRun::side).containsExactly(SandboxRun.ENCODE);
    }

    @Test
    void encoderReturningAStrFailsWithWrongType() {
        var failure = failureOf("""
                def encode(frames, quality):
                    return "frames" * 10

                def decode(data):
                    raise AssertionError("never reached")
                """, 5);

        assertThat(failure.kind()).isEqualTo(FailureKind.WRONG_TYPE);
        assertThat(failure.message()).contains("encode must return bytes").contains("returned str");
    }

    @Test
    void encoderLargerThanTheRawFramesFailsWithBitstreamTooLarge() {
        var failure = failureOf("""
                def encode(frames, quality):
                    return frames.tobytes() * 2

                def decode(data):
                    raise AssertionError("never reached")
                """, 5);

        assertThat(failure.kind()).isEqualTo(FailureKind.BITSTREAM_TOO_LARGE);
        assertThat(failure.message()).contains(Long.toString(2 * clip.video().rawBytes()))
                .contains(Long.toString(clip.video().rawBytes()));
    }

    @Test
    void encoderExitingBeforeReturningFailsWithNoBitstream() {
        var failure = failureOf("""
                import sys

                def encode(frames, quality):
                    sys.exit(0)

                def decode(data):
                    raise AssertionError("never reached")
                """, 5);

        assertThat(failure.kind()).isEqualTo(FailureKind.NO_BITSTREAM);
        assertThat(failure.message()).contains("without producing a bitstream");
    }

    @Test
    void encoderRaisingValueErrorFailsWithItsExceptionAndTraceback() {
        var failure = failureOf("""
                def _pick_step(quality):
                    raise ValueError(f"no quantiser step for quality {quality}")

                def encode(frames, quality):
                    return _pick_step(quality)

                def decode(data):
                    raise AssertionError("never reached")
                """, 7);

        assertThat(failure.kind()).isEqualTo("ValueError");
        assertThat(failure.message()).isEqualTo("ValueError: no quantiser step for quality 7");
        assertThat(failure.tracebackTail())
                .contains("Traceback (most recent call last)")
                .contains("codec.py\", line 2, in _pick_step")
                .contains("in encode")
                .endsWith("ValueError: no quantiser step for quality 7\n");
    }

    @Test
    void encoderLoopingForeverIsKilledAtTheWallClockLimit() {
        var limits = SandboxLimits.custom().wallTimeout(Duration.ofMillis(1500)).build();
        var result = evaluator.evaluate("test", new CodecProgram("""
                def encode(frames, quality):
                    while True:
                        pass

                def decode(data):
                    raise AssertionError("never reached")
                """), clip, List.of(5), limits);

        var failure = failed(result);
        assertThat(failure.kind()).isEqualTo("TIMEOUT");
        assertThat(failure.message()).isEqualTo("the program ran longer than the limit of 1.5 s");
        assertThat(result.runs()).hasSize(1);
        assertThat(result.runs().get(0).result().wall()).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(20));
    }

    @Test
    void encoderExceedingItsMemoryIsReportedAsOom() {
        var limits = SandboxLimits.custom().memoryBytes(128L << 20).wallTimeout(Duration.ofSeconds(30)).build();
        var result = evaluator.evaluate("test", new CodecProgram("""
                import numpy as np

                def encode(frames, quality):
                    hog = np.ones(1 << 30, dtype=np.uint8)
                    return bytes(hog[:16])

                def decode(data):
                    raise AssertionError("never reached")
                """), clip, List.of(5), limits);

        var failure = failed(result);
        assertThat(failure.kind()).isEqualTo("OOM");
        assertThat(failure.message()).contains("more than 128 MiB of memory");
    }

    @Test
    void encoderFloodingOutputFilesCannotWritePastTheCap() {
        var limits = SandboxLimits.custom().outputCapBytes(4L << 20).wallTimeout(Duration.ofSeconds(30)).build();
        var result = evaluator.evaluate("test", new CodecProgram("""
                def encode(frames, quality):
                    chunk = b"\\0" * (1 << 20)
                    with open("/output/flood.bin", "wb") as f:
                        for _ in range(64):
                            f.write(chunk)
                    return b"never returned"

                def decode(data):
                    raise AssertionError("never reached")
                """), clip, List.of(5), limits);

        // The file-size limit refuses the write that would pass the cap (EFBIG) and the sandbox reports the
        // run as over its output limit: nothing past the cap reaches the host.
        var failure = failed(result);
        assertThat(failure.kind()).isEqualTo("OUTPUT_LIMIT");
        assertThat(failure.message()).contains("4 MiB of output");
        assertThat(failure.tracebackTail()).contains("File too large");
    }

    @Test
    void encoderFloodingItsStreamsIsStoppedWithOutputLimit() {
        var limits = SandboxLimits.custom().outputCapBytes(4L << 20).wallTimeout(Duration.ofSeconds(30)).build();
        var result = evaluator.evaluate("test", new CodecProgram("""
                import sys

                def encode(frames, quality):
                    line = "x" * 1023 + "\\n"
                    while True:
                        sys.stdout.write(line)

                def decode(data):
                    raise AssertionError("never reached")
                """), clip, List.of(5), limits);

        var failure = failed(result);
        assertThat(failure.kind()).isEqualTo("OUTPUT_LIMIT");
        assertThat(failure.message()).contains("more than 4 MiB of output");
        assertThat(result.runs().get(0).result().wall()).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void firstFailingQualityIsTheClipsFailureAndEveryRunIsKept() {
        var result = evaluator.evaluate("test", new CodecProgram(RAW_CODEC + """
                def finish(frames):
                    if frames.shape[0] != 4:
                        raise AssertionError("the test clip has 4 frames")
                    return frames
                """ + """

                _encode = encode

                def encode(frames, quality):
                    if quality >= 6:
                        raise RuntimeError(f"quality {quality} is not implemented")
                    return _encode(frames, quality)
                """), clip, List.of(2, 6, 8), LIMITS);

        var failure = failed(result);
        assertThat(failure.kind()).isEqualTo("RuntimeError");
        assertThat(failure.message()).isEqualTo("RuntimeError: quality 6 is not implemented");
        // quality 2 scored (encode + 2 decodes), 6 and 8 failed at their encoders
        assertThat(result.runs()).hasSize(5);
        assertThat(result.runs()).extracting(SandboxRun::quality).containsExactly(2, 2, 2, 6, 8);
    }

    // ---- honest programs are scored honestly ----

    @Test
    void rawFramesWithAHeaderAreScoredAtFullRateAndInfinitePsnr() {
        var video = clip.video();
        var result = evaluator.evaluate("test", new CodecProgram(RAW_CODEC + HONEST_FINISH), clip, List.of(3, 9),
                LIMITS);

        assertThat(result).isInstanceOf(ClipEvaluation.Scored.class);
        var points = ((ClipEvaluation.Scored) result).points();
        assertThat(points).extracting(QualityPoint::quality).containsExactly(3, 9);
        // RgbMetrics' own answer for identical frames, which the honest codec must reach exactly
        var identical = RgbMetrics.compare(video, video);
        assertThat(identical.psnrY()).isEqualTo(Double.POSITIVE_INFINITY);
        long expectedBytes = video.rawBytes() + HEADER_BYTES;
        double seconds = FRAMES / video.format().fps();
        for (var p : points) {
            assertThat(p.bytes()).isEqualTo(expectedBytes);
            assertThat(p.kbps()).isCloseTo(expectedBytes * 8 / seconds / 1000, within(1e-9));
            assertThat(p.bpp()).isCloseTo(expectedBytes * 8.0 / (FRAMES * video.format().pixels()), within(1e-12));
            assertThat(p.bpp()).isGreaterThan(24.0);
            assertThat(p.psnrY()).isEqualTo(identical.psnrY());
            assertThat(p.psnrRgb()).isEqualTo(Double.POSITIVE_INFINITY);
            assertThat(p.ssimY()).isCloseTo(1.0, within(1e-12));
            assertThat(p.encodeFps()).isPositive();
            assertThat(p.decodeFps()).isPositive();
        }
        assertThat(result.runs()).hasSize(6).allSatisfy(r -> assertThat(r.result().isOk()).isTrue());
        assertThat(result.runs()).extracting(r -> r.result().backend()).containsOnly(sandbox.backend());
    }

    @Test
    void builtInCodecsOnRealFootageGainQualityAndSpendBytesAsQualityRises() {
        for (var codec : BuiltInCodecs.all()) {
            var result = evaluator.evaluate("test", codec.program(), clip, List.of(2, 5, 8), LIMITS);

            assertThat(result).as(codec.name() + ": " + result).isInstanceOf(ClipEvaluation.Scored.class);
            var points = ((ClipEvaluation.Scored) result).points();
            assertThat(points).extracting(QualityPoint::quality).containsExactly(2, 5, 8);
            for (int i = 1; i < points.size(); i++) {
                assertThat(points.get(i).psnrY()).as(codec.name() + " PSNR-Y").isGreaterThan(points.get(i - 1).psnrY());
                assertThat(points.get(i).bytes()).as(codec.name() + " bytes").isGreaterThan(points.get(i - 1).bytes());
            }
            // real lossy coding: well below the raw size, at plausible PSNRs for 320x180 street footage
            assertThat(points.get(2).bytes()).as(codec.name()).isLessThan(clip.video().rawBytes() / 4);
            assertThat(points.get(0).psnrY()).as(codec.name()).isBetween(20.0, 40.0);
            assertThat(points.get(2).psnrY()).as(codec.name()).isBetween(28.0, 50.0);
            assertThat(points).allSatisfy(p -> assertThat(p.ssimY()).isBetween(0.5, 1.0));
        }
    }

    // ---- helpers ----

    private EvaluationFailure failureOf(String program, int quality) {
        return failed(evaluator.evaluate("test", new CodecProgram(program), clip, List.of(quality), LIMITS));
    }

    private EvaluationFailure failed(ClipEvaluation result) {
        assertThat(result).as("expected a failure, got %s", result).isInstanceOf(ClipEvaluation.Failed.class);
        assertThat(result.clip()).isEqualTo(clip.name());
        return ((ClipEvaluation.Failed) result).failure();
    }

    /** A Python string literal for a path (paths here hold no quotes or backslashes). */
    private static String pythonString(String s) {
        assertThat(s).doesNotContain("\"").doesNotContain("\\");
        return "\"" + s + "\"";
    }
}
