package io.codeclab.orchestrator.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeclab.orchestrator.aws.AwsClients;
import io.codeclab.orchestrator.config.CodecLabConfig;
import io.codeclab.orchestrator.embedded.EmbeddedCredentials;
import io.codeclab.orchestrator.embedded.EmbeddedS3;
import io.codeclab.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A policy too large for an SSM parameter: the parameter holds {@code s3://bucket/key} and the policy is read
 * from S3 (s3proxy here), through {@link PolicySources} as the daemon wires it.
 */
class SsmPolicyInS3IT {

    private static final String PARAMETER = "/codec-lab/policy";
    private static final String BUCKET = "policies";

    @TempDir
    static Path s3Dir;

    private static EmbeddedS3 s3;
    private static S3Client s3Client;
    private SsmParameterServer ssm;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T12:00:00Z"));

    @BeforeAll
    static void startS3() {
        var credentials = EmbeddedCredentials.random();
        s3 = EmbeddedS3.start(s3Dir, credentials);
        s3Client = AwsClients.at(s3.endpoint(), Region.EU_WEST_1, StaticCredentialsProvider.create(credentials.toAws())).s3();
        s3Client.createBucket(r -> r.bucket(BUCKET));
        // The configured clients take the SDK's default chain, which reads these first.
        System.setProperty("aws.accessKeyId", credentials.accessKeyId());
        System.setProperty("aws.secretAccessKey", credentials.secretAccessKey());
    }

    @AfterAll
    static void stopS3() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        s3Client.close();
        s3.close();
    }

    @BeforeEach
    void startSsm() throws IOException {
        ssm = SsmParameterServer.start();
    }

    @AfterEach
    void stopSsm() {
        ssm.close();
    }

    private CodecLabConfig config() {
        return CodecLabConfig.load(Optional.empty(), Map.of(), Map.of(
                CodecLabConfig.POLICY_SSM_PARAMETER, PARAMETER, CodecLabConfig.POLICY_REFRESH, "60s",
                CodecLabConfig.SSM_ENDPOINT, ssm.endpoint().toString(),
                CodecLabConfig.S3_ENDPOINT, s3.endpoint().toString(), CodecLabConfig.REGION, "eu-west-1"));
    }

    private static void upload(String key, String content) {
        s3Client.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromString(content));
    }

    @Test
    void theParameterPointsToThePolicyInS3AndAChangedObjectIsReadAtTheNextRefresh() {
        upload("large/policy.json", PolicyDocuments.bundledWithVersion("from-s3-1"));
        ssm.put(PARAMETER, "  s3://" + BUCKET + "/large/policy.json\n");

        try (var source = PolicySources.fromConfig(config(), clock)) {
            assertThat(source.current().version()).isEqualTo("from-s3-1");
            assertThat(source.current().source()).isEqualTo("ssm:" + PARAMETER);

            upload("large/policy.json", PolicyDocuments.bundledWithVersion("from-s3-2"));
            assertThat(source.current().version()).as("before the refresh").isEqualTo("from-s3-1");
            clock.advance(Duration.ofSeconds(61));
            assertThat(source.current().version()).isEqualTo("from-s3-2");
        }
    }

    @Test
    void aPolicyInTheParameterItselfNeedsNoS3() {
        ssm.put(PARAMETER, PolicyDocuments.bundledWithVersion("inline"));

        try (var source = PolicySources.fromConfig(config().with(Map.of(CodecLabConfig.S3_ENDPOINT, "embedded")), clock)) {
            assertThat(source.current().version()).isEqualTo("inline");
        }
    }

    @Test
    void aMissingObjectSaysWhereItWasLookedFor() {
        ssm.put(PARAMETER, "s3://" + BUCKET + "/no/such.json");

        assertThatThrownBy(() -> PolicySources.fromConfig(config(), clock))
                .isInstanceOf(PolicySourceException.class)
                .hasMessageContaining("s3://policies/no/such.json does not exist");
    }

    @Test
    void aMalformedLocationIsNamed() {
        ssm.put(PARAMETER, "s3://" + BUCKET);

        assertThatThrownBy(() -> PolicySources.fromConfig(config(), clock))
                .isInstanceOf(PolicySourceException.class)
                .hasMessageContaining("holds 's3://policies', which is not an S3 location");
    }
}
