package io.codeclab.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchConfigTest {

    @TempDir
    Path dir;

    private CodecLabConfig load(Map<String, String> environment) {
        var env = new java.util.HashMap<>(environment);
        env.put(CodecLabConfig.DATA_DIR, dir.toString());
        return CodecLabConfig.load(Optional.empty(), env, Map.of());
    }

    @Test
    void defaultsDrawTheChampionHalfTheTimeTopThreeAndTwoInspirations() {
        var search = load(Map.of()).search();
        assertThat(search.parentWeights()).containsExactlyInAnyOrderEntriesOf(
                Map.of("champion", 0.5, "top-k", 0.3, "explore", 0.2));
        assertThat(search.topK()).isEqualTo(3);
        assertThat(search.inspirations()).isEqualTo(2);
        assertThat(search.seed()).isEmpty();
        assertThat(search.offlineMode()).isEqualTo("cmaes");
    }

    @Test
    void theOfflineModeIsOneOfThree() {
        assertThat(load(Map.of(CodecLabConfig.OFFLINE_MODE, "Random")).search().offlineMode()).isEqualTo("random");
        assertThat(load(Map.of(CodecLabConfig.OFFLINE_MODE, "perturb")).search().offlineMode()).isEqualTo("perturb");
        assertThatThrownBy(() -> load(Map.of(CodecLabConfig.OFFLINE_MODE, "cma")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("CODEC_LAB_OFFLINE_MODE='cma' is not one of [cmaes, perturb, random]");
    }

    @Test
    void readsEverySetting() {
        var search = load(Map.of(CodecLabConfig.SEARCH_PARENTS, "explore=1, top-k=0.25",
                CodecLabConfig.SEARCH_TOP_K, "5", CodecLabConfig.SEARCH_INSPIRATIONS, "0",
                CodecLabConfig.SEARCH_SEED, "-42")).search();
        // A mode left out weighs 0.
        assertThat(search.parentWeights()).containsExactlyInAnyOrderEntriesOf(
                Map.of("champion", 0.0, "top-k", 0.25, "explore", 1.0));
        assertThat(search.topK()).isEqualTo(5);
        assertThat(search.inspirations()).isZero();
        assertThat(search.seed()).hasValue(-42L);
    }

    @Test
    void refusesWhatCannotBeUsedNamingTheSetting() {
        assertThatThrownBy(() -> load(Map.of(CodecLabConfig.SEARCH_PARENTS, "champion=1,best=2")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("CODEC_LAB_SEARCH_PARENTS").hasMessageContaining("'best=2'")
                .hasMessageContaining("[champion, top-k, explore]");
        assertThatThrownBy(() -> load(Map.of(CodecLabConfig.SEARCH_PARENTS, "champion=0")))
                .hasMessageContaining("at least one weight must be above 0");
        assertThatThrownBy(() -> load(Map.of(CodecLabConfig.SEARCH_PARENTS, "champion=-1")))
                .hasMessageContaining("non-negative");
        assertThatThrownBy(() -> load(Map.of(CodecLabConfig.SEARCH_INSPIRATIONS, "6")))
                .hasMessageContaining("CODEC_LAB_SEARCH_INSPIRATIONS='6' must be 0 to 5");
        assertThatThrownBy(() -> load(Map.of(CodecLabConfig.SEARCH_TOP_K, "0")))
                .hasMessageContaining("CODEC_LAB_SEARCH_TOP_K");
        assertThatThrownBy(() -> load(Map.of(CodecLabConfig.SEARCH_SEED, "abc")))
                .hasMessageContaining("CODEC_LAB_SEARCH_SEED='abc' must be a whole number");
        assertThatThrownBy(() -> load(Map.of("CODEC_LAB_SEARCH_PARENT", "champion=1")))
                .hasMessageContaining("did you mean CODEC_LAB_SEARCH_PARENTS");
    }
}
