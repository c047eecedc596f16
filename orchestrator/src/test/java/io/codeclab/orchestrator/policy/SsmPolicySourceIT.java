package io.codeclab.orchestrator.policy;

import io.codeclab.orchestrator.aws.AwsClients;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.codeclab.eval.policy.ReloadingPolicySource;
import io.codeclab.orchestrator.config.CodecLabConfig;
import io.codeclab.orchestrator.config.ConfigException;
import io.codeclab.testing.MutableClock;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;

class SsmPolicySourceIT {

    private static final String PARAMETER = "/codec-lab/policy";
    private static final Duration REFRESH = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
    private final Logger reloadLogger = (Logger) LoggerFactory.getLogger(ReloadingPolicySource.class);
    private final ListAppender<ILoggingEvent> reloadLogs = new ListAppender<>();
    private SsmParameterServer ssm;

    @BeforeEach
    void start() throws IOException {
        ssm = SsmParameterServer.start();
        reloadLogs.start();
        reloadLogger.addAppender(reloadLogs);
    }

    @AfterEach
    void stop() {
        reloadLogger.detachAppender(reloadLogs);
        ssm.close();
    }

    private SsmClient client(URI endpoint) {
        return AwsClients.at(endpoint, Region.EU_WEST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).ssm();
    }

    private SsmPolicySource open() {
        return SsmPolicySource.open(client(ssm.endpoint()), PARAMETER, REFRESH, clock);
    }

    private List<String> reloadErrors() {
        return reloadLogs.list.stream().filter(e -> e.getLevel() == Level.ERROR)
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void returnsThePolicyInTheParameterAndAsksForDecryption() {
        ssm.put(PARAMETER, PolicyDocuments.bundledWithVersion("ssm-1"));

        try (var source = open()) {
            var policy = source.current();

            assertThat(policy.version()).isEqualTo("ssm-1");
            assertThat(policy.source()).isEqualTo("ssm:/codec-lab/policy");
        }
        assertThat(ssm.getParameterRequests()).hasSize(1);
        assertThat(ssm.getParameterRequests().get(0).path("Name").asText()).isEqualTo(PARAMETER);
        assertThat(ssm.getParameterRequests().get(0).path("WithDecryption").asBoolean()).isTrue();
    }

    @Test
    void aChangedValueIsInForceOnceTheRefreshIntervalHasPassed() {
        ssm.put(PARAMETER, PolicyDocuments.bundledWithVersion("ssm-1"));
        try (var source = open()) {
            ssm.put(PARAMETER, PolicyDocuments.bundledWithVersion("ssm-2"));

            clock.advance(REFRESH.minusSeconds(1));
            assertThat(source.current().version()).isEqualTo("ssm-1");
            assertThat(ssm.getParameterRequests()).as("no fetch within the interval").hasSize(1);

            clock.advance(Duration.ofSeconds(1));
            assertThat(source.current().version()).isEqualTo("ssm-2");
            assertThat(source.current().version()).isEqualTo("ssm-2");
            assertThat(ssm.getParameterRequests()).hasSize(2);
        }
    }

    @Test
    void aBrokenValueKeepsTheLastGoodPolicyUntilAGoodOneArrives() {
        ssm.put(PARAMETER, PolicyDocuments.bundledWithVersion("good"));
        try (var source = open()) {
            ssm.put(PARAMETER, "{\"schemaVersion\": 1, \"version\": \"broken\", ");

            clock.advance(REFRESH);
            assertThat(source.current().version()).isEqualTo("good");
            assertThat(reloadErrors()).singleElement().asString()
                    .contains("ssm:/codec-lab/policy is not valid JSON").contains("keeping policy version good");

            ssm.put(PARAMETER, PolicyDocuments.bundledWithVersion("fixed"));
            clock.advance(REFRESH);
            assertThat(source.current().version()).isEqualTo("fixed");
        }
    }

    @Test
    void aMissingParameterAtStartIsAnActionableConfigurationError() {
        assertThatThrownBy(this::open)
                .isInstanceOf(SsmParameterNotFoundException.class)
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("SSM parameter /codec-lab/policy not found in region eu-west-1: create it with"
                        + " aws ssm put-parameter --region eu-west-1 --name /codec-lab/policy")
                .hasMessageContaining("or unset CODEC_LAB_POLICY_SSM_PARAMETER");
    }

    @Test
    void aParameterDeletedLaterKeepsTheLastGoodPolicyAndLogsWhy() {
        ssm.put(PARAMETER, PolicyDocuments.bundledWithVersion("before-delete"));
        try (var source = open()) {
            ssm.delete(PARAMETER);

            clock.advance(REFRESH);
            assertThat(source.current().version()).isEqualTo("before-delete");
            clock.advance(REFRESH);
            assertThat(source.current().version()).isEqualTo("before-delete");

            assertThat(reloadErrors()).as("logged once, not per refresh").singleElement().asString()
                    .contains("SSM parameter /codec-lab/policy not found in region eu-west-1")
                    .contains("keeping policy version before-delete");
        }
    }

    @Test
    void anUnreachableSsmAtStartNamesTheParameterAndTheRegion() throws IOException {
        URI closedPort;
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }

        assertThatThrownBy(() -> SsmPolicySource.open(client(closedPort), PARAMETER, REFRESH, clock))
                .isInstanceOf(PolicySourceException.class)
                .hasMessageContaining("cannot read SSM parameter /codec-lab/policy in region eu-west-1");
    }

    @Test
    void theConfiguredParameterWinsOverTheFileAndTheVersionInUseIsLogged() throws IOException {
        ssm.put(PARAMETER, PolicyDocuments.bundledWithVersion("from-ssm"));
        Path file = dir.resolve("policy.json");
        Files.writeString(file, PolicyDocuments.bundledWithVersion("from-file"));
        var config = CodecLabConfig.load(Optional.empty(), Map.of(), Map.of(
                CodecLabConfig.POLICY_SSM_PARAMETER, PARAMETER,
                CodecLabConfig.SSM_ENDPOINT, ssm.endpoint().toString(),
                CodecLabConfig.REGION, "eu-west-1",
                CodecLabConfig.POLICY_FILE, file.toString(),
                CodecLabConfig.POLICY_REFRESH, "0s"));
        var inUseLogger = (Logger) LoggerFactory.getLogger(LoggingPolicySource.class);
        var inUse = new ListAppender<ILoggingEvent>();
        inUse.start();
        inUseLogger.addAppender(inUse);
        // The default credentials chain reads these first; the fake server does not check signatures.
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        try (var source = PolicySources.fromConfig(config)) {
            assertThat(source.current().version()).isEqualTo("from-ssm");
            ssm.put(PARAMETER, PolicyDocuments.bundledWithVersion("from-ssm-2"));
            assertThat(source.current().version()).as("refresh 0s: fetched before every check")
                    .isEqualTo("from-ssm-2");
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
            inUseLogger.detachAppender(inUse);
        }
        assertThat(inUse.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                "policy from-ssm from ssm:/codec-lab/policy in use",
                "policy from-ssm-2 from ssm:/codec-lab/policy in use");
    }
}
