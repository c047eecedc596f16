package io.codeclab.orchestrator.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.codeclab.orchestrator.app.Json;
import io.codeclab.orchestrator.artifact.S3ArtifactStore;
import io.codeclab.orchestrator.aws.AwsClients;
import io.codeclab.orchestrator.daemon.OnOffSwitch;
import io.codeclab.orchestrator.experiment.dynamodb.DynamoDbExperimentStore;
import io.codeclab.orchestrator.http.HttpServer;
import io.codeclab.orchestrator.http.HttpServerException;
import io.codeclab.orchestrator.testing.AwsFixture;
import io.codeclab.orchestrator.testing.ExperimentRecords;
import io.codeclab.sandbox.Sandbox;
import io.codeclab.sandbox.Sandboxes;
import io.codeclab.sandbox.testing.SandboxHosts;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

/** {@code /healthz} on the real HTTP server: 200 with real stores and sandbox, 503 when the stores do not answer. */
class HealthCheckIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void healthyStoresAndSandboxAnswer200WithTheNewestExperiment() throws Exception {
        SandboxHosts.requireBwrap();
        var aws = AwsFixture.get();
        var store = DynamoDbExperimentStore.create(aws.dynamoDb(), AwsFixture.uniqueTablePrefix(HealthCheckIT.class));
        store.ensureSchema();
        var artifacts = S3ArtifactStore.create(aws.s3(), AwsFixture.uniqueBucket(HealthCheckIT.class));
        artifacts.ensureBucket();
        var older = store.create(ExperimentRecords.proposed(ExperimentRecords.nextId()), "host-a:1", Instant.now().plusSeconds(60));
        var newest = store.create(ExperimentRecords.proposed(ExperimentRecords.nextId()), "host-b:2", Instant.now().plusSeconds(60));
        assertThat(newest.id()).isGreaterThan(older.id());
        try (Sandbox sandbox = Sandboxes.bubblewrap();
             var health = HealthCheck.builder().stores(() -> store, () -> artifacts).sandbox(() -> sandbox)
                     .onOff(() -> new OnOffSwitch.Reading(false, "CODEC_LAB_ENABLED=false"))
                     .proposer("offline", () -> Optional.of(Map.of("spentUsd", 0.25, "dailyUsd", 5.0)))
                     .json(Json.mapper()).build();
             var server = HttpServer.start("127.0.0.1", 0, List.of(health.routes()))) {
            assertThat(server.uri().getHost()).isEqualTo("127.0.0.1");
            var response = get(server.uri().resolve("/healthz"));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode json = Json.mapper().readTree(response.body());
            assertThat(json.path("status").asText()).isEqualTo("ok");
            assertThat(json.path("stores").path("dynamoDb").path("reachable").asBoolean()).isTrue();
            assertThat(json.path("stores").path("s3").path("reachable").asBoolean()).isTrue();
            assertThat(json.path("sandbox").path("backend").asText()).isEqualTo("bwrap");
            // Switched off is healthy: the daemon does what it was told.
            assertThat(json.path("enabled").asBoolean(true)).isFalse();
            assertThat(json.path("enabledSource").asText()).isEqualTo("CODEC_LAB_ENABLED=false");
            assertThat(json.has("daemon")).isFalse();
            assertThat(json.path("lastExperiment").path("id").asText()).isEqualTo(newest.id());
            assertThat(json.path("lastExperiment").path("status").asText()).isEqualTo("PROPOSED");
            assertThat(json.path("proposer").path("name").asText()).isEqualTo("offline");
            assertThat(json.path("proposer").path("budget").path("dailyUsd").asDouble()).isEqualTo(5.0);
        }
    }

    @Test
    void storesThatDoNotAnswerMakeIt503WithTheReasons() throws Exception {
        int closed;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        var nowhere = URI.create("http://127.0.0.1:" + closed);
        var clients = AwsClients.at(nowhere, nowhere, Region.US_EAST_1, AwsFixture.get().credentials());
        try (var dynamo = clients.dynamoDb(); var s3 = clients.s3();
             var health = HealthCheck.builder()
                     .stores(() -> DynamoDbExperimentStore.create(dynamo, "nowhere"),
                             () -> S3ArtifactStore.create(s3, "nowhere"))
                     .sandbox(() -> {
                         throw new IllegalStateException("no sandbox backend: install bubblewrap or Docker");
                     })
                     .proposer("offline", Optional::empty).json(Json.mapper()).build();
             var server = HttpServer.start("127.0.0.1", 0, List.of(health.routes()))) {
            long started = System.nanoTime();
            var response = get(server.uri().resolve("/healthz"));
            assertThat((System.nanoTime() - started) / 1_000_000_000).as("bounded by the probe timeout")
                    .isLessThan(3L * HealthCheck.PROBE_SECONDS);
            assertThat(response.statusCode()).isEqualTo(503);
            JsonNode json = Json.mapper().readTree(response.body());
            assertThat(json.path("status").asText()).isEqualTo("unhealthy");
            assertThat(json.path("stores").path("dynamoDb").path("reachable").asBoolean(true)).isFalse();
            assertThat(json.path("stores").path("dynamoDb").path("error").asText()).startsWith("DynamoDB: ");
            assertThat(json.path("stores").path("s3").path("reachable").asBoolean(true)).isFalse();
            assertThat(json.path("stores").path("s3").path("error").asText()).startsWith("S3: ");
            assertThat(json.path("sandbox").path("ready").asBoolean(true)).isFalse();
            assertThat(json.path("sandbox").path("error").asText()).isEqualTo("no sandbox backend: install bubblewrap or Docker");
            assertThat(json.has("lastExperiment")).isFalse();
        }
    }

    @Test
    void aPortInUseIsRefusedNamingTheSetting() throws Exception {
        try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> HttpServer.start("127.0.0.1", taken.getLocalPort(), List.of()))
                    .isInstanceOf(HttpServerException.class)
                    .hasMessageStartingWith("cannot serve HTTP on 127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("CODEC_LAB_HTTP_PORT");
        }
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }
}
