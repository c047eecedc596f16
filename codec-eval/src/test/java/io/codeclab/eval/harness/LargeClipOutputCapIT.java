package io.codeclab.eval.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeclab.eval.codecs.BuiltInCodecs;
import io.codeclab.eval.video.Bt601;
import io.codeclab.testing.TestClips;
import io.codeclab.eval.video.Y4m;
import io.codeclab.sandbox.Sandbox;
import io.codeclab.sandbox.SandboxBackend;
import io.codeclab.sandbox.SandboxConfig;
import io.codeclab.sandbox.SandboxLimits;
import io.codeclab.sandbox.Sandboxes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A 1080p clip of 60 frames (real footage scaled up by ffmpeg) evaluates with the built-in JPEG codec: its decoder
 * writes 356 MiB of frames, more than the fixed 256 MiB output cap allowed before the cap was derived from the clip.
 * The same decode under the fixed default cap is OUTPUT_LIMIT, so this test fails if the derived cap goes away.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LargeClipOutputCapIT {

    private static final Logger LOG = LoggerFactory.getLogger(LargeClipOutputCapIT.class);
    private static final SandboxLimits LIMITS = SandboxLimits.custom().wallTimeout(Duration.ofSeconds(300)).build();

    private Sandbox sandbox;
    private CodecHarness harness;
    private Clip clip;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        Path source = TestFootage.path(TestClips.BENCHMARK_CLIP);
        Path scaled = dir.resolve("cockatoo-1920x1080-60f.y4m");
        // 30 frames of 1280x720 played twice and scaled to 1080p: 60 frames of real footage at the target size.
        var ffmpeg = new ProcessBuilder("/usr/bin/ffmpeg", "-nostdin", "-v", "error", "-stream_loop", "1", "-i",
                source.toString(), "-vf", "scale=1920:1080:flags=lanczos", "-frames:v", "60", "-pix_fmt", "yuv420p",
                "-y", scaled.toString()).redirectErrorStream(true).start();
        String log = new String(ffmpeg.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ffmpeg.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(ffmpeg.exitValue()).as("ffmpeg: %s", log).isZero();
        clip = new Clip("cockatoo-1080p", Bt601.toRgb(Y4m.read(scaled)));
        sandbox = Sandboxes.create(SandboxConfig.custom().backend(SandboxBackend.BWRAP).build());
        harness = new CodecHarness(sandbox, dir.resolve("runs"));
    }

    @AfterAll
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void a1080pClipOfSixtyFramesEvaluatesAndWouldNotFitTheFixedCap() {
        assertThat(clip.video().frameCount()).isEqualTo(60);
        assertThat(clip.video().rawBytes()).isEqualTo(373_248_000L).isGreaterThan(LIMITS.outputCapBytes());

        var result = new ClipEvaluator(harness, 1).evaluate("test", BuiltInCodecs.baseline(), clip, List.of(5), LIMITS);

        assertThat(result).as("%s", result).isInstanceOf(ClipEvaluation.Scored.class);
        var point = ((ClipEvaluation.Scored) result).points().get(0);
        LOG.info("jpeg_baseline on 1080p x 60: {}", point);
        assertThat(point.bytes()).isPositive().isLessThan(clip.video().rawBytes() / 4);
        assertThat(point.psnrY()).isBetween(25.0, 50.0);
        // Encode, then two decodes, each under the derived cap.
        assertThat(result.runs()).hasSize(3);

        byte[] bitstream = ((HarnessResult.Success<byte[]>) harness.encode("test", clip.name(), BuiltInCodecs.baseline(),
                clip.video(), 5, OutputCap.fitting(LIMITS, clip.video()))).value();
        var underFixedCap = harness.decode("test", clip.name(), BuiltInCodecs.baseline(), bitstream, 5, LIMITS);
        assertThat(underFixedCap).isInstanceOf(HarnessResult.Failed.class);
        assertThat(((HarnessResult.Failed<?>) underFixedCap).failure().kind()).isEqualTo("OUTPUT_LIMIT");
    }
}
