package io.codeclab.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeclab.sandbox.SandboxBackend;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodecLabConfigTest {

    @TempDir
    Path dir;

    @Test
    void defaultsAreTheEmbeddedOnes() {
        var config = CodecLabConfig.load(Optional.empty(), Map.of(), Map.of(CodecLabConfig.DATA_DIR, dir.toString()));
        assertThat(config.dynamoDbEndpoint()).isInstanceOf(Endpoint.Embedded.class);
        assertThat(config.s3Endpoint()).isInstanceOf(Endpoint.Embedded.class);
        assertThat(config.usesEmbeddedServices()).isTrue();
        assertThat(config.sandbox()).isEqualTo(SandboxBackend.AUTO);
        assertThat(config.proposer()).isEqualTo("offline");
        assertThat(config.qualities()).containsExactly(2, 4, 6, 8);
        assertThat(config.tablePrefix()).isEqualTo("codec-lab");
        assertThat(config.searchClips()).containsExactly(dir.resolve("clips/city-320x180-24f.y4m").toString());
        assertThat(config.adoptionClips()).containsExactly(dir.resolve("clips/cockatoo-320x180-24f.y4m").toString());
        assertThat(config.enabled()).isTrue();
    }

    @Test
    void fileThenEnvironmentThenFlagsEachWin() throws Exception {
        Path file = dir.resolve("codec-lab.properties");
        Files.writeString(file, "CODEC_LAB_BUCKET=from-file\nCODEC_LAB_TABLE_PREFIX=file-prefix\n"
                + "CODEC_LAB_QUALITIES=1,5\n");
        var config = CodecLabConfig.load(Optional.of(file),
                Map.of("CODEC_LAB_TABLE_PREFIX", "env-prefix", "CODEC_LAB_QUALITIES", "3,6", "HOME", "/root"),
                Map.of("CODEC_LAB_QUALITIES", "2,9"));
        assertThat(config.bucket()).isEqualTo("from-file");
        assertThat(config.tablePrefix()).isEqualTo("env-prefix");
        assertThat(config.qualities()).containsExactly(2, 9);
    }

    @Test
    void endpointsAcceptAwsAndUrls() {
        var config = CodecLabConfig.load(Optional.empty(), Map.of(
                "CODEC_LAB_DYNAMODB_ENDPOINT", "aws", "CODEC_LAB_S3_ENDPOINT", "http://127.0.0.1:9000"), Map.of());
        assertThat(config.dynamoDbEndpoint()).isInstanceOf(Endpoint.Aws.class);
        assertThat(config.s3Endpoint().override()).contains(URI.create("http://127.0.0.1:9000"));
        assertThat(config.usesEmbeddedServices()).isFalse();
    }

    @Test
    void badValuesNameTheSetting() {
        assertThatThrownBy(() -> load("CODEC_LAB_QUALITIES", "2,11")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("CODEC_LAB_QUALITIES").hasMessageContaining("1..10");
        assertThatThrownBy(() -> load("CODEC_LAB_QUALITIES", "4")).hasMessageContaining("at least two");
        assertThatThrownBy(() -> load("CODEC_LAB_SANDBOX", "vm")).hasMessageContaining("CODEC_LAB_SANDBOX")
                .hasMessageContaining("auto, docker or bwrap");
        assertThatThrownBy(() -> load("CODEC_LAB_PROPOSER", "gpt")).hasMessageContaining("CODEC_LAB_PROPOSER");
        assertThatThrownBy(() -> load("CODEC_LAB_S3_ENDPOINT", "ftp://x")).hasMessageContaining("CODEC_LAB_S3_ENDPOINT");
        assertThatThrownBy(() -> load("CODEC_LAB_BUCKET", "Bad_Bucket")).hasMessageContaining("bucket");
        assertThatThrownBy(() -> load("CODEC_LAB_PARALLELISM", "0")).hasMessageContaining("positive integer");
        assertThatThrownBy(() -> load("CODEC_LAB_ENABLED", "maybe")).hasMessageContaining("true or false");
    }

    @Test
    void unknownSettingsInTheFileAreTypos() throws Exception {
        Path file = dir.resolve("typo.properties");
        Files.writeString(file, "CODEC_LAB_BUKET=x\n");
        assertThatThrownBy(() -> CodecLabConfig.load(Optional.of(file), Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("CODEC_LAB_BUKET");
    }

    @Test
    void secretsAreMaskedInDescriptions() {
        var config = CodecLabConfig.load(Optional.empty(), Map.of("CODEC_LAB_LLM_API_KEY", "sk-secret",
                "CODEC_LAB_DASHBOARD_TOKEN", "tok", "CODEC_LAB_BUCKET", "visible-bucket"), Map.of());
        assertThat(config.describe()).containsEntry("CODEC_LAB_LLM_API_KEY", "****")
                .containsEntry("CODEC_LAB_DASHBOARD_TOKEN", "****").containsEntry("CODEC_LAB_BUCKET", "visible-bucket");
        assertThat(config.describe().toString()).doesNotContain("sk-secret");
    }

    @Test
    void clipListsSplitOnCommas() {
        var config = load("CODEC_LAB_SEARCH_CLIPS", " a.y4m, s3://bucket/b.y4m ,");
        assertThat(config.searchClips()).isEqualTo(List.of("a.y4m", "s3://bucket/b.y4m"));
    }

    @Test
    void durationsParse() {
        assertThat(SettingValues.parseDuration("--interval", "5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(SettingValues.parseDuration("--interval", "10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(SettingValues.parseDuration("--interval", "250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(SettingValues.parseDuration("--interval", "PT2H")).isEqualTo(Duration.ofHours(2));
        assertThatThrownBy(() -> SettingValues.parseDuration("--interval", "soon"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--interval");
    }

    @Test
    void leaseDefaultsToTheStoreDefaultAndTakesDurations() {
        assertThat(load(CodecLabConfig.DATA_DIR, dir.toString()).lease())
                .isEqualTo(io.codeclab.orchestrator.experiment.ExperimentStore.defaultLease());
        assertThat(load(CodecLabConfig.LEASE, "6s").lease()).isEqualTo(Duration.ofSeconds(6));
        assertThatThrownBy(() -> load(CodecLabConfig.LEASE, "500ms"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("CODEC_LAB_LEASE").hasMessageContaining("3s");
        assertThatThrownBy(() -> load(CodecLabConfig.LEASE, "a while"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("CODEC_LAB_LEASE");
    }

    @Test
    void anUnknownCodecLabNameInTheEnvironmentIsATypoNamingTheClosestKnownName() {
        assertThatThrownBy(() -> load("CODEC_LAB_SANDBX", "bwrap")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("unknown setting CODEC_LAB_SANDBX in the environment; did you mean "
                        + "CODEC_LAB_SANDBOX?");
        assertThatThrownBy(() -> load("CODEC_LAB_REQUIRE_DOKCER", "1"))
                .hasMessageContaining("did you mean CODEC_LAB_REQUIRE_DOCKER?");
        assertThatThrownBy(() -> load("CODEC_LAB_DATADIR", "/srv/x")).hasMessageContaining("did you mean CODEC_LAB_DATA_DIR?");
    }

    @Test
    void namesTheScriptsReadThemselvesAreKnownInTheEnvironmentButAreNoSettings() {
        var env = new java.util.HashMap<String, String>();
        CodecLabConfig.ENVIRONMENT_ONLY_NAMES.forEach(n -> env.put(n, "1"));
        env.put("HOME", "/root");
        env.put("CODECLAB_SOMETHING", "not our prefix");
        var config = CodecLabConfig.load(Optional.empty(), env, Map.of());
        assertThat(config.describe()).isEmpty();
        assertThat(CodecLabConfig.ENVIRONMENT_ONLY_NAMES).contains("CODEC_LAB_NO_BUILD", "CODEC_LAB_JAVA_OPTS",
                "CODEC_LAB_TEST_CLIPS", "CODEC_LAB_REQUIRE_DOCKER", "CODEC_LAB_REQUIRE_BWRAP", "CODEC_LAB_RUNNER_IMAGE");
        assertThat(CodecLabConfig.NAMES).contains("CODEC_LAB_LEASE").doesNotContainAnyElementsOf(
                CodecLabConfig.ENVIRONMENT_ONLY_NAMES);
    }

    @Test
    void aScriptOnlyNameInTheFileIsNoSettingThere() throws Exception {
        Path file = dir.resolve("script-name.properties");
        Files.writeString(file, "CODEC_LAB_NO_BUILD=1\n");
        assertThatThrownBy(() -> CodecLabConfig.load(Optional.of(file), Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("unknown setting CODEC_LAB_NO_BUILD in " + file);
    }

    @Test
    void aTypoInTheFileNamesTheClosestSetting() throws Exception {
        Path file = dir.resolve("typo.properties");
        Files.writeString(file, "CODEC_LAB_BUKET=x\n");
        assertThatThrownBy(() -> CodecLabConfig.load(Optional.of(file), Map.of(), Map.of()))
                .hasMessageStartingWith("unknown setting CODEC_LAB_BUKET in " + file + "; did you mean CODEC_LAB_BUCKET?");
    }

    @Test
    void configurationFilesThatCannotBeReadAreClearErrors() throws Exception {
        Path missing = dir.resolve("missing.properties");
        assertThatThrownBy(() -> CodecLabConfig.load(Optional.of(missing), Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessage("the configuration file " + missing + " does not exist");
        assertThatThrownBy(() -> CodecLabConfig.load(Optional.of(dir), Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("the configuration file " + dir + " is a directory");
        Path binary = dir.resolve("binary.properties");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, (byte) 0x80});
        assertThatThrownBy(() -> CodecLabConfig.load(Optional.of(binary), Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessage("the configuration file " + binary
                        + " is not UTF-8 text (is it the right file?)");
        Path badEscape = dir.resolve("escape.properties");
        Files.writeString(badEscape, "CODEC_LAB_BUCKET=\\uZZZZ\n");
        assertThatThrownBy(() -> CodecLabConfig.load(Optional.of(badEscape), Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("the configuration file " + badEscape
                        + " is not a properties file: Malformed");
    }

    @Test
    void aDataDirectoryTheSandboxCanSeeIsRefused() throws Exception {
        for (String path : List.of("/usr/local/codec-lab", "/usr", "/etc/codec-lab", "/lib/codec-lab", "/bin/x")) {
            assertThatThrownBy(() -> load(CodecLabConfig.DATA_DIR, path)).as(path).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("CODEC_LAB_DATA_DIR=" + path + " lies under /")
                    .hasMessageContaining("binds into every sandbox");
        }
        // A symbolic link that leads there is no way around it.
        Path link = Files.createSymbolicLink(dir.resolve("looks-harmless"), Path.of("/usr/share"));
        assertThatThrownBy(() -> load(CodecLabConfig.DATA_DIR, link.resolve("data").toString()))
                .hasMessageContaining("lies under /usr");
        // Names that merely begin alike are elsewhere.
        assertThat(load(CodecLabConfig.DATA_DIR, "/usrdata/codec-lab").dataDir()).isEqualTo(Path.of("/usrdata/codec-lab"));
        assertThat(load(CodecLabConfig.DATA_DIR, "/var/lib/codec-lab").dataDir()).isEqualTo(Path.of("/var/lib/codec-lab"));
        assertThat(load(CodecLabConfig.DATA_DIR, dir.resolve("data").toString()).dataDir()).isEqualTo(dir.resolve("data"));
    }

    private static CodecLabConfig load(String name, String value) {
        return CodecLabConfig.load(Optional.empty(), Map.of(name, value), Map.of());
    }

    @Test
    void httpAndDaemonSettingsHaveSafeDefaultsAndAreValidated() {
        var defaults = CodecLabConfig.load(Optional.empty(), Map.of(), Map.of(CodecLabConfig.DATA_DIR, dir.toString()));
        assertThat(defaults.httpPort()).isEqualTo(8080);
        assertThat(defaults.httpBind()).isEqualTo("127.0.0.1");
        assertThat(defaults.stopGrace()).isEqualTo(Duration.ofSeconds(60));
        assertThat(defaults.enabledSsmParameter()).isEmpty();
        var set = defaults.with(Map.of(CodecLabConfig.HTTP_PORT, "0", CodecLabConfig.HTTP_BIND, "0.0.0.0",
                CodecLabConfig.STOP_GRACE, "2m", CodecLabConfig.SSM_ENDPOINT, "aws",
                CodecLabConfig.ENABLED_SSM_PARAMETER, "/codec-lab/enabled"));
        assertThat(set.httpPort()).isZero();
        assertThat(set.httpBind()).isEqualTo("0.0.0.0");
        assertThat(set.stopGrace()).isEqualTo(Duration.ofMinutes(2));
        assertThat(set.enabledSsmParameter()).contains("/codec-lab/enabled");
        assertThatThrownBy(() -> load("CODEC_LAB_HTTP_PORT", "65536")).hasMessageContaining("CODEC_LAB_HTTP_PORT")
                .hasMessageContaining("0..65535");
        assertThatThrownBy(() -> load("CODEC_LAB_HTTP_PORT", "http")).hasMessageContaining("CODEC_LAB_HTTP_PORT");
        assertThatThrownBy(() -> load("CODEC_LAB_STOP_GRACE", "-1s")).hasMessageContaining("CODEC_LAB_STOP_GRACE");
        // No embedded SSM: naming a parameter needs an SSM endpoint.
        assertThatThrownBy(() -> load("CODEC_LAB_ENABLED_SSM_PARAMETER", "/codec-lab/enabled"))
                .hasMessageContaining("CODEC_LAB_ENABLED_SSM_PARAMETER='/codec-lab/enabled' needs SSM")
                .hasMessageContaining("CODEC_LAB_SSM_ENDPOINT");
        assertThatThrownBy(() -> defaults.with(Map.of(CodecLabConfig.SSM_ENDPOINT, "aws",
                CodecLabConfig.ENABLED_SSM_PARAMETER, "codec-lab/enabled")))
                .hasMessageContaining("CODEC_LAB_ENABLED_SSM_PARAMETER").hasMessageContaining("start a hierarchical name");
    }
}
