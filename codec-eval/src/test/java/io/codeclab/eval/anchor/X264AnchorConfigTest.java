package io.codeclab.eval.anchor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class X264AnchorConfigTest {

    @Test
    void defaultsAreThePsnrTunedMediumPresetSweep() {
        var c = X264AnchorConfig.ofDefaults();
        assertThat(c.crfs()).containsExactly(18, 23, 28, 33, 38, 43);
        assertThat(c.preset()).isEqualTo("medium");
        assertThat(c.tune()).isEqualTo("psnr");
        assertThat(c.threads()).isEqualTo(1);
        assertThat(c.ffmpeg()).isEqualTo(Path.of("/usr/bin/ffmpeg"));
        assertThat(c.cacheDir()).isEmpty();
    }

    @Test
    void builderValidatesAndCopies() {
        var c = X264AnchorConfig.custom().crfs(List.of(20, 30)).cacheDir(Path.of("/tmp/x")).timeout(Duration.ofSeconds(5)).build();
        assertThat(c.toBuilder().build().crfs()).containsExactly(20, 30);
        assertThat(c.cacheDir()).contains(Path.of("/tmp/x"));
        assertThatThrownBy(() -> X264AnchorConfig.custom().crfs(List.of(20))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 2");
        assertThatThrownBy(() -> X264AnchorConfig.custom().crfs(List.of(20, 52))).hasMessageContaining("0..51");
        assertThatThrownBy(() -> X264AnchorConfig.custom().crfs(List.of(20, 20))).hasMessageContaining("duplicates");
        assertThatThrownBy(() -> X264AnchorConfig.custom().preset("medium; rm -rf /")).hasMessageContaining("preset");
        assertThatThrownBy(() -> X264AnchorConfig.custom().timeout(Duration.ZERO)).hasMessageContaining("positive");
    }
}
