package io.codeclab.orchestrator.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeclab.orchestrator.config.CodecLabConfig;
import io.codeclab.orchestrator.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardTokenTest {

    @TempDir
    Path dataDir;

    private CodecLabConfig config(Map<String, String> settings) {
        var all = new java.util.HashMap<>(settings);
        all.put(CodecLabConfig.DATA_DIR, dataDir.toString());
        return CodecLabConfig.load(Optional.empty(), Map.of(), all);
    }

    @Test
    void withoutAConfiguredTokenOneIsDrawnOnceIntoAnOwnerOnlyFile() throws Exception {
        String first = DashboardToken.of(config(Map.of()));
        assertThat(first).matches("[0-9a-f]{48}");
        Path file = dataDir.resolve(DashboardToken.FILE);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(DashboardToken.of(config(Map.of()))).isEqualTo(first);
    }

    @Test
    void aConfiguredTokenWinsAndATooShortOneIsRefusedNamingTheSetting() {
        assertThat(DashboardToken.of(config(Map.of(CodecLabConfig.DASHBOARD_TOKEN, "sixteen-chars-ok")))).isEqualTo("sixteen-chars-ok");
        assertThat(dataDir.resolve(DashboardToken.FILE)).doesNotExist();
        assertThatThrownBy(() -> DashboardToken.of(config(Map.of(CodecLabConfig.DASHBOARD_TOKEN, "short"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("CODEC_LAB_DASHBOARD_TOKEN must have at least 16 characters, has 5: choose a longer one, "
                        + "or unset it to have one drawn");
    }

    @Test
    void onlyTheExactTokenMatches() {
        var access = new DashboardAccess("0123456789abcdef", Clock.systemUTC());
        assertThat(access.tokenMatches("0123456789abcdef")).isTrue();
        assertThat(access.tokenMatches("0123456789abcdeF")).isFalse();
        assertThat(access.tokenMatches("0123456789abcdef ")).isFalse();
        assertThat(access.tokenMatches("")).isFalse();
        assertThat(access.tokenMatches(null)).isFalse();
    }
}
