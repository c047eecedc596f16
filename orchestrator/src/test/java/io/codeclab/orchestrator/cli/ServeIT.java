package io.codeclab.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.codeclab.orchestrator.config.CodecLabConfig;
import io.codeclab.orchestrator.testing.CodecLabProcess;
import io.codeclab.sandbox.testing.SandboxHosts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve}: the HTTP server alone, on the embedded stores, until SIGTERM (then exit 0). */
class ServeIT {

    private static final Pattern LISTENING = Pattern.compile("HTTP server listening on (http://127\\.0\\.0\\.1:\\d+)");

    @TempDir
    Path dataDir;

    @Test
    void servesHealthMetricsAndTheLogsWithoutRunningExperimentsAndExitsZeroOnSigterm() throws Exception {
        SandboxHosts.requireBwrap();
        var serve = CodecLabProcess.on(dataDir, 4).with(CodecLabConfig.SANDBOX, "bwrap")
                .with(CodecLabConfig.ENABLED, "false").start("serve");
        try {
            URI base = null;
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (base == null && System.nanoTime() < deadline) {
                var m = LISTENING.matcher(serve.stderr());
                if (m.find()) {
                    base = URI.create(m.group(1));
                } else {
                    assertThat(serve.process().isAlive()).as("stderr:%n%s", CodecLabProcess.tail(serve.stderr())).isTrue();
                    Thread.sleep(100);
                }
            }
            assertThat(base).as("serve logged its address; stderr:%n%s", CodecLabProcess.tail(serve.stderr())).isNotNull();
            var http = HttpClient.newHttpClient();
            // Ready once the sandbox is set up (on first use): the probe a load balancer would poll.
            var health = http.send(HttpRequest.newBuilder(base.resolve("/healthz")).build(), HttpResponse.BodyHandlers.ofString());
            for (int i = 0; i < 60 && health.statusCode() != 200; i++) {
                Thread.sleep(1_000);
                health = http.send(HttpRequest.newBuilder(base.resolve("/healthz")).build(), HttpResponse.BodyHandlers.ofString());
            }
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            var json = new ObjectMapper().readTree(health.body());
            assertThat(json.path("status").asText()).isEqualTo("ok");
            assertThat(json.path("sandbox").path("backend").asText()).isEqualTo("bwrap");
            assertThat(json.path("enabled").asBoolean(true)).isFalse();
            assertThat(json.path("enabledSource").asText()).isEqualTo("CODEC_LAB_ENABLED=false");
            assertThat(json.has("daemon")).as("no daemon under serve").isFalse();
            assertThat(json.has("lastExperiment")).isFalse();
            var metrics = http.send(HttpRequest.newBuilder(base.resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("codec_lab_experiments_total{status=\"ADOPTED\"} 0.0\n")
                    .contains("jvm_memory_used_bytes").doesNotContain("codec_lab_daemon_enabled");
            var missing = http.send(HttpRequest.newBuilder(base.resolve("/nothing-here")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(missing.statusCode()).isEqualTo(404);
            // The execution log's API is on the same port; an empty log gives an empty analysis.
            var logs = http.send(HttpRequest.newBuilder(base.resolve("/api/logs/analysis")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(logs.statusCode()).as(logs.body()).isEqualTo(200);
            var analysis = new ObjectMapper().readTree(logs.body());
            assertThat(analysis.path("records").asInt(-1)).isZero();
            assertThat(analysis.path("sessions").path("total").asInt(-1)).isZero();
            assertThat(analysis.has("llmSummary")).isFalse();

            serve.process().destroy(); // SIGTERM
            var ended = serve.await(Duration.ofMinutes(1));
            assertThat(ended.exitCode()).as("stderr:%n%s", CodecLabProcess.tail(ended.stderr())).isZero();
            assertThat(ended.stderr()).contains("SIGTERM received");
        } finally {
            serve.process().destroyForcibly();
        }
    }
}
