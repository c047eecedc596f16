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

            // The dashboard on the same port: pages under the CSP, running code only with the token, which was
            // drawn into the data directory (0600) and never logged.
            var page = http.send(HttpRequest.newBuilder(base.resolve("/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'self'");
            var experiments = http.send(HttpRequest.newBuilder(base.resolve("/api/experiments")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(new ObjectMapper().readTree(experiments.body()).path("experiments").size()).isZero();
            var run = HttpRequest.newBuilder(base.resolve("/api/playground/run")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"import os\"}"));
            assertThat(http.send(run.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
            var tokenFile = dataDir.resolve("dashboard-token");
            assertThat(java.nio.file.Files.getPosixFilePermissions(tokenFile))
                    .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            String token = java.nio.file.Files.readString(tokenFile).trim();
            assertThat(token).hasSize(48);
            var rejected = http.send(run.header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(200);
            assertThat(new ObjectMapper().readTree(rejected.body()).path("verdict").path("accepted").asBoolean(true)).isFalse();
            assertThat(serve.stderr()).doesNotContain(token);

            serve.process().destroy(); // SIGTERM
            var ended = serve.await(Duration.ofMinutes(1));
            assertThat(ended.exitCode()).as("stderr:%n%s", CodecLabProcess.tail(ended.stderr())).isZero();
            assertThat(ended.stderr()).contains("SIGTERM received");
        } finally {
            serve.process().destroyForcibly();
        }
    }
}
