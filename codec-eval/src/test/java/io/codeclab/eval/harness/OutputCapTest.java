package io.codeclab.eval.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeclab.eval.video.RgbVideo;
import io.codeclab.eval.video.VideoFormat;
import io.codeclab.sandbox.SandboxLimits;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputCapTest {

    private static final long MIB = 1024L * 1024;

    @Test
    void a1080pClipOfSixtyFramesGetsRoomForItsRawFramesPlusTheStageCap() {
        long raw = 1920L * 1080 * 3 * 60;
        assertThat(raw).isEqualTo(373_248_000L);

        long cap = OutputCap.forClip(raw, SandboxLimits.ofDefaults().outputCapBytes());

        // 373,248,000 + 256 MiB: the decoded frames fit, where the old fixed 256 MiB cap refused them.
        assertThat(cap).isEqualTo(373_248_000L + 268_435_456L).isEqualTo(641_683_456L);
        assertThat(cap).isGreaterThan(raw + ClipEvaluator.RAW_HEADER_ALLOWANCE);
        assertThat(SandboxLimits.ofDefaults().outputCapBytes()).isLessThan(raw);
    }

    @Test
    void fittingKeepsEveryOtherLimitAndScalesWithTheClip() {
        var stage = SandboxLimits.custom().outputCapBytes(4 * MIB).wallTimeout(Duration.ofSeconds(7)).memoryBytes(300 * MIB)
                .build();
        var clip = RgbVideo.of(new VideoFormat(4, 2, 25, 1), List.of(new byte[24], new byte[24], new byte[24]));

        var limits = OutputCap.fitting(stage, clip);

        assertThat(limits.outputCapBytes()).isEqualTo(72 + 4 * MIB);
        assertThat(limits.toBuilder().outputCapBytes(stage.outputCapBytes()).build()).isEqualTo(stage);
        assertThat(OutputCap.fitting(stage, clip.firstFrames(1)).outputCapBytes()).isEqualTo(24 + 4 * MIB);
    }

    @Test
    void sizesMustBePositiveAndTheSumMustNotWrap() {
        assertThatThrownBy(() -> OutputCap.forClip(0, MIB)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OutputCap.forClip(Long.MAX_VALUE, MIB)).isInstanceOf(ArithmeticException.class);
    }
}
