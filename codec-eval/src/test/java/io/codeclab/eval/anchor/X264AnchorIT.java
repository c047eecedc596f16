package io.codeclab.eval.anchor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.codeclab.eval.rd.BdRate;
import io.codeclab.eval.video.Bt601;
import io.codeclab.eval.video.RgbVideo;
import io.codeclab.eval.video.Y4m;
import io.codeclab.testing.TestClips;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class X264AnchorIT {

    private static RgbVideo clip;

    @BeforeAll
    static void loadClip() {
        clip = Bt601.toRgb(Y4m.read(TestClips.clip(TestClips.SEARCH_CLIP))).firstFrames(8);
    }

    @Test
    void sweepGivesAMonotonicCurveWithRatesFromTheStreamSize(@TempDir Path cache) {
        var anchor = X264Anchor.create(X264AnchorConfig.custom().crfs(List.of(22, 30, 38)).cacheDir(cache).build());
        var result = anchor.run(clip);
        assertThat(result.fromCache()).isFalse();
        assertThat(result.points()).extracting(AnchorPoint::crf).containsExactly(22, 30, 38);
        var p = result.points();
        for (int i = 1; i < p.size(); i++) {
            assertThat(p.get(i).bytes()).isLessThan(p.get(i - 1).bytes());
            assertThat(p.get(i).psnrY()).isLessThan(p.get(i - 1).psnrY());
            assertThat(p.get(i).ssimY()).isLessThan(p.get(i - 1).ssimY());
        }
        // 8 frames at 25 fps = 0.32 s
        assertThat(p.get(0).kbps()).isCloseTo(p.get(0).bytes() * 8 / 1000.0 / 0.32, within(1e-9));
        assertThat(p.get(0).psnrY()).isBetween(30.0, 50.0);
        assertThat(p.get(2).psnrY()).isBetween(20.0, 35.0);
        assertThat(p.get(0).psnrRgb()).isLessThan(p.get(0).psnrY() + 1);
        // the curve is usable for BD-rate: against itself it is 0
        assertThat(BdRate.compute(result.ratePoints(), result.ratePoints()).bdRatePercent()).isCloseTo(0, within(1e-9));
        assertThat(result.clipSha256()).isEqualTo(X264Anchor.contentHash(clip)).hasSize(64);
    }

    @Test
    void cacheServesKnownCrfsAndComputesOnlyNewOnes(@TempDir Path cache) throws Exception {
        var first = X264Anchor.create(X264AnchorConfig.custom().crfs(List.of(26, 34)).cacheDir(cache).build()).run(clip);
        var again = X264Anchor.create(X264AnchorConfig.custom().crfs(List.of(26, 34)).cacheDir(cache).build()).run(clip);
        assertThat(again.fromCache()).isTrue();
        assertThat(again.points()).isEqualTo(first.points());

        var wider = X264Anchor.create(X264AnchorConfig.custom().crfs(List.of(34, 42, 26)).cacheDir(cache).build()).run(clip);
        assertThat(wider.fromCache()).isFalse();
        assertThat(wider.points().get(0)).isEqualTo(first.points().get(1));
        assertThat(wider.points().get(2)).isEqualTo(first.points().get(0));

        // x264 with one thread is deterministic: an uncached run gives the same point.
        var fresh = X264Anchor.create(X264AnchorConfig.custom().crfs(List.of(26, 34)).build()).run(clip);
        assertThat(fresh.points()).isEqualTo(first.points());

        // A damaged cache file is recomputed, not trusted.
        try (var files = Files.list(cache)) {
            for (Path f : files.toList()) {
                Files.writeString(f, "{ not json");
            }
        }
        var repaired = X264Anchor.create(X264AnchorConfig.custom().crfs(List.of(26, 34)).cacheDir(cache).build()).run(clip);
        assertThat(repaired.fromCache()).isFalse();
        assertThat(repaired.points()).isEqualTo(first.points());
    }

    @Test
    void otherContentHasAnotherCacheEntry(@TempDir Path cache) {
        var config = X264AnchorConfig.custom().crfs(List.of(30, 40)).cacheDir(cache).build();
        X264Anchor.create(config).run(clip.firstFrames(4));
        var other = X264Anchor.create(config).run(clip.firstFrames(5));
        assertThat(other.fromCache()).isFalse();
    }

    @Test
    void missingFfmpegIsReportedWithTheFix() {
        var anchor = X264Anchor.create(X264AnchorConfig.custom().ffmpeg(Path.of("/nonexistent/ffmpeg")).build());
        assertThatThrownBy(() -> anchor.run(clip)).isInstanceOf(AnchorException.class).hasMessageContaining("apt-get install -y ffmpeg");
    }
}
