package io.codeclab.orchestrator.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.codeclab.orchestrator.config.CodecLabConfig;
import io.codeclab.orchestrator.config.ConfigException;
import io.codeclab.orchestrator.testing.SsmServer;
import io.codeclab.orchestrator.testing.SsmServer.Answer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Settings from Parameter Store under CODEC_LAB_SSM_PREFIX, read from a local SSM by the real SsmClient. */
class ParameterStoreSettingsIT {

    private static final String SECRET = "sk-live-0123456789abcdef";

    @TempDir
    Path dir;

    private SsmServer ssm;
    private ListAppender<ILoggingEvent> logs;

    @BeforeAll
    static void credentials() {
        System.setProperty("aws.accessKeyId", "AKIDLOCALTEST");
        System.setProperty("aws.secretAccessKey", "local-test-secret");
    }

    @AfterAll
    static void forgetCredentials() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @BeforeEach
    void start() throws IOException {
        ssm = SsmServer.start();
        logs = new ListAppender<>();
        logs.start();
        ((Logger) LoggerFactory.getLogger(ParameterStoreSettings.class)).addAppender(logs);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(ParameterStoreSettings.class)).detachAppender(logs);
        ssm.close();
    }

    private Map<String, String> environment(String... extra) {
        var env = new HashMap<>(Map.of(CodecLabConfig.SSM_PREFIX, "/codec-lab/",
                CodecLabConfig.SSM_ENDPOINT, ssm.endpoint().toString(), CodecLabConfig.REGION, "eu-west-1",
                "PATH", "/usr/bin"));
        for (int i = 0; i < extra.length; i += 2) {
            env.put(extra[i], extra[i + 1]);
        }
        return env;
    }

    @Test
    void parametersFillSettingsAboveTheFileAndBelowTheEnvironmentAndFlags() throws IOException {
        ssm.putParameter("/codec-lab/CODEC_LAB_LLM_API_KEY", SECRET);
        ssm.putParameter("/codec-lab/CODEC_LAB_BUCKET", "bucket-from-ssm");
        ssm.putParameter("/codec-lab/CODEC_LAB_PROPOSER", "openai");
        ssm.putParameter("/codec-lab/CODEC_LAB_LLM_MODEL", "model-from-ssm");
        ssm.putParameter("/codec-lab/CODEC_LAB_QUALITIES", "3,5");
        Path file = Files.writeString(dir.resolve("codec-lab.properties"),
                "CODEC_LAB_QUALITIES=1,2\nCODEC_LAB_PARALLELISM=3\n");

        CodecLabConfig config = ParameterStoreSettings.load(Optional.of(file),
                environment(CodecLabConfig.BUCKET, "bucket-from-env"),
                Map.of(CodecLabConfig.PROPOSER, "anthropic"));

        assertThat(config.bucket()).isEqualTo("bucket-from-env");         // environment beats Parameter Store
        assertThat(config.proposer()).isEqualTo("anthropic");             // flags beat Parameter Store
        assertThat(config.get(CodecLabConfig.LLM_MODEL)).contains("model-from-ssm");
        assertThat(config.qualities()).containsExactly(3, 5);             // Parameter Store beats the file
        assertThat(config.parallelism()).isEqualTo(3);                    // the file still fills the rest
        assertThat(config.get(CodecLabConfig.LLM_API_KEY)).contains(SECRET); // the secret, decrypted
        assertThat(config.describe()).containsEntry(CodecLabConfig.LLM_API_KEY, "****");
        JsonAssert.request(ssm.requests("GetParametersByPath").get(0), "/codec-lab");
    }

    @Test
    void everyPageIsReadAndOnlyDirectChildrenNamedLikeSettingsAreTaken() {
        ssm.pageSize(2);
        ssm.putParameter("/codec-lab/CODEC_LAB_BUCKET", "bucket-from-ssm");
        ssm.putParameter("/codec-lab/policy", "{\"version\": \"x\"}");
        ssm.putParameter("/codec-lab/CODEC_LAB_TABLE_PREFIX", "fleet");
        ssm.putParameter("/codec-lab/CODEC_LAB_BUKET", "typo");
        ssm.putParameter("/codec-lab/CODEC_LAB_SSM_PREFIX", "/elsewhere/");
        ssm.putParameter("/codec-lab/CODEC_LAB_LEASE", "5m");
        ssm.putParameter("/codec-lab/nested/CODEC_LAB_PARALLELISM", "7");
        ssm.putParameter("/other/CODEC_LAB_PARALLELISM", "9");

        Map<String, String> settings;
        try (var client = software.amazon.awssdk.services.ssm.SsmClient.builder()
                .endpointOverride(ssm.endpoint()).region(software.amazon.awssdk.regions.Region.EU_WEST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("a", "b")))
                .build()) {
            settings = ParameterStoreSettings.read(client, "/codec-lab/");
        }

        assertThat(settings).containsExactlyInAnyOrderEntriesOf(Map.of(CodecLabConfig.BUCKET, "bucket-from-ssm",
                CodecLabConfig.TABLE_PREFIX, "fleet", CodecLabConfig.LEASE, "5m"));
        // six direct children, two per page
        assertThat(ssm.requests("GetParametersByPath")).hasSize(3);
        assertThat(messages()).anyMatch(m -> m.contains("/codec-lab/CODEC_LAB_BUKET is not a codec-lab setting"))
                .anyMatch(m -> m.contains("/codec-lab/CODEC_LAB_SSM_PREFIX is ignored"));
    }

    @Test
    void secretsAreNeverLoggedOnlyNames() {
        ssm.putParameter("/codec-lab/CODEC_LAB_LLM_API_KEY", SECRET);
        ssm.putParameter("/codec-lab/CODEC_LAB_DASHBOARD_TOKEN", SECRET + "-token");

        ParameterStoreSettings.load(Optional.empty(), environment(), Map.of());

        assertThat(messages()).containsExactly("settings from Parameter Store under /codec-lab/: "
                + "[CODEC_LAB_DASHBOARD_TOKEN, CODEC_LAB_LLM_API_KEY]");
        assertThat(messages()).noneMatch(m -> m.contains(SECRET));
    }

    @Test
    void withoutAPrefixParameterStoreIsNotAsked() {
        var env = environment();
        env.remove(CodecLabConfig.SSM_PREFIX);

        CodecLabConfig config = ParameterStoreSettings.load(Optional.empty(), env, Map.of());

        assertThat(config.ssmPrefix()).isEmpty();
        assertThat(ssm.requests()).isEmpty();
    }

    @Test
    void aPrefixWithTheEmbeddedSsmEndpointSaysWhatToSet() {
        var env = environment();
        env.remove(CodecLabConfig.SSM_ENDPOINT);

        assertThatThrownBy(() -> ParameterStoreSettings.load(Optional.empty(), env, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("CODEC_LAB_SSM_PREFIX='/codec-lab/' needs SSM")
                .hasMessageContaining("set CODEC_LAB_SSM_ENDPOINT=aws");
    }

    @Test
    void aPrefixMustBeAParameterStorePath() {
        assertThatThrownBy(() -> ParameterStoreSettings.load(Optional.empty(),
                environment(CodecLabConfig.SSM_PREFIX, "codec-lab"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("CODEC_LAB_SSM_PREFIX='codec-lab' is not a Parameter Store path");
        assertThat(ParameterStoreSettings.load(Optional.empty(), environment(CodecLabConfig.SSM_PREFIX, "/a/b"),
                Map.of()).ssmPrefix()).contains("/a/b/");
    }

    @Test
    void refusalIsAConfigurationErrorNamingThePermission() {
        ssm.close();
        ssm = new RefusingSsm().start();

        assertThatThrownBy(() -> ParameterStoreSettings.load(Optional.empty(), environment(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot read the settings under CODEC_LAB_SSM_PREFIX=/codec-lab/")
                .hasMessageContaining("AccessDeniedException")
                .hasMessageContaining("ssm:GetParametersByPath");
    }

    private List<String> messages() {
        return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** A server whose every answer is AccessDenied. */
    private static final class RefusingSsm {
        SsmServer start() {
            try {
                var server = SsmServer.start();
                server.refuseAll(Answer.error("AccessDeniedException", "User is not authorized to perform"
                        + " ssm:GetParametersByPath"));
                return server;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private static final class JsonAssert {
        static void request(com.fasterxml.jackson.databind.JsonNode body, String path) {
            assertThat(body.path("Path").asText()).isEqualTo(path);
            assertThat(body.path("WithDecryption").asBoolean()).isTrue();
            assertThat(body.path("Recursive").asBoolean()).isFalse();
        }
    }
}
