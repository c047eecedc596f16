package io.codeclab.orchestrator.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeclab.eval.policy.Policy;
import io.codeclab.orchestrator.config.CodecLabConfig;
import io.codeclab.orchestrator.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicySourcesTest {

    @TempDir
    Path dir;

    private static CodecLabConfig config(Map<String, String> settings) {
        return CodecLabConfig.load(Optional.empty(), Map.of(), settings);
    }

    @Test
    void ssmParameterWithTheEmbeddedSsmEndpointIsAConfigurationErrorSayingWhatToSet() {
        assertThatThrownBy(() -> config(Map.of(CodecLabConfig.POLICY_SSM_PARAMETER, "/codec-lab/policy")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("CODEC_LAB_POLICY_SSM_PARAMETER='/codec-lab/policy' needs SSM")
                .hasMessageContaining("set CODEC_LAB_SSM_ENDPOINT=aws (or the URL of an SSM endpoint)");
        assertThatThrownBy(() -> config(Map.of(CodecLabConfig.POLICY_SSM_PARAMETER, "/codec-lab/policy",
                CodecLabConfig.SSM_ENDPOINT, "embedded")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("CODEC_LAB_SSM_ENDPOINT=aws");
    }

    @Test
    void ssmParameterWithAnAwsOrUrlEndpointIsAccepted() {
        var aws = config(Map.of(CodecLabConfig.POLICY_SSM_PARAMETER, "/codec-lab/policy",
                CodecLabConfig.SSM_ENDPOINT, "aws"));
        var url = config(Map.of(CodecLabConfig.POLICY_SSM_PARAMETER, "codec-lab-policy",
                CodecLabConfig.SSM_ENDPOINT, "http://127.0.0.1:4566"));

        assertThat(aws.policySsmParameter()).contains("/codec-lab/policy");
        assertThat(url.policySsmParameter()).contains("codec-lab-policy");
    }

    @Test
    void malformedParameterNamesAreRejected() {
        for (String bad : new String[] {"codec-lab/policy", "/codec lab/policy", "/codec-lab/pölicy"}) {
            assertThatThrownBy(() -> config(Map.of(CodecLabConfig.POLICY_SSM_PARAMETER, bad,
                    CodecLabConfig.SSM_ENDPOINT, "aws")))
                    .as(bad).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("is not an SSM parameter name");
        }
    }

    @Test
    void refreshDefaultsToSixtySecondsAndTakesDurations() {
        assertThat(config(Map.of()).policyRefresh()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config(Map.of(CodecLabConfig.POLICY_REFRESH, "5m")).policyRefresh()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config(Map.of(CodecLabConfig.POLICY_REFRESH, "0s")).policyRefresh()).isZero();
        assertThatThrownBy(() -> config(Map.of(CodecLabConfig.POLICY_REFRESH, "soon")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("CODEC_LAB_POLICY_REFRESH='soon'");
        assertThatThrownBy(() -> config(Map.of(CodecLabConfig.POLICY_REFRESH, "-5s")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("must not be negative");
    }

    @Test
    void withoutSsmOrFileTheBundledPolicyIsInForce() {
        try (var source = PolicySources.fromConfig(config(Map.of()))) {
            assertThat(source.current()).isEqualTo(Policy.bundled());
        }
    }

    @Test
    void theConfiguredFileIsInForce() throws IOException {
        Path file = dir.resolve("policy.json");
        Files.writeString(file, PolicyDocuments.bundledWithVersion("from-file"));

        try (var source = PolicySources.fromConfig(config(Map.of(CodecLabConfig.POLICY_FILE, file.toString())))) {
            assertThat(source.current().version()).isEqualTo("from-file");
            assertThat(source.current().source()).isEqualTo(file.toString());
        }
    }
}
