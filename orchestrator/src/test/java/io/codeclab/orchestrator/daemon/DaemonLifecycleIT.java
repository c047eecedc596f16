package io.codeclab.orchestrator.daemon;

import static io.codeclab.orchestrator.daemon.DaemonProcesses.await;
import static io.codeclab.orchestrator.daemon.DaemonProcesses.count;
import static io.codeclab.orchestrator.daemon.DaemonProcesses.healthz;
import static io.codeclab.orchestrator.daemon.DaemonProcesses.sigterm;
import static org.assertj.core.api.Assertions.assertThat;

import io.codeclab.orchestrator.config.CodecLabConfig;
import io.codeclab.orchestrator.experiment.ExperimentRecord;
import io.codeclab.orchestrator.experiment.ExperimentStatus;
import io.codeclab.orchestrator.experiment.ExperimentStore;
import io.codeclab.orchestrator.policy.SsmParameterServer;
import io.codeclab.orchestrator.testing.AwsFixture;
import io.codeclab.orchestrator.testing.CodecLabProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's life as an operator sees it, each case a real {@code scripts/codec-lab daemon} process: SIGTERM
 * mid-experiment, a second daemon on the same data directory, the on/off switch (configuration and SSM), and
 * {@code /healthz} and {@code /metrics} after an experiment.
 */
class DaemonLifecycleIT {

    private static final Duration START = Duration.ofMinutes(3);
    private static final Duration EXPERIMENT = Duration.ofMinutes(6);
    private static final Set<ExperimentStatus> MID_EXPERIMENT = Set.of(ExperimentStatus.SCREENING,
            ExperimentStatus.EVALUATING);

    @TempDir
    Path dataDir;

    private final String tablePrefix = AwsFixture.uniqueTablePrefix(DaemonLifecycleIT.class);
    private final String bucket = AwsFixture.uniqueBucket(DaemonLifecycleIT.class);

    private CodecLabProcess lab() {
        return DaemonProcesses.lab(dataDir, tablePrefix, bucket);
    }

    /** Daemons a failed test left running are killed, so that they do not outlive the test. */
    @AfterEach
    void killLeftovers() {
        ProcessHandle.current().children()
                .filter(p -> p.info().commandLine().orElse("").contains("io.codeclab.orchestrator.cli.Main"))
                .forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void sigtermDuringAnExperimentExitsZeroAndLeavesNoExperimentRunning() throws Exception {
        var store = DaemonProcesses.store(tablePrefix);

        // Grace enough: the running experiment finishes, no new one starts.
        var patient = lab().with(CodecLabConfig.STOP_GRACE, "5m").start("daemon", "--interval", "1s");
        String finished = sigtermWhenAnExperimentRuns(patient, store, Set.of());
        var first = patient.await(EXPERIMENT);
        assertThat(first.exitCode()).as("stderr:%n%s", CodecLabProcess.tail(first.stderr())).isZero();
        assertThat(first.stderr()).contains("SIGTERM received").contains("daemon stopped after 1 experiment(s)");
        var finishedRecord = store.find(finished).orElseThrow();
        assertThat(finishedRecord.status()).isIn(ExperimentStatus.ADOPTED, ExperimentStatus.REJECTED,
                ExperimentStatus.FAILED);

        // No grace: the running experiment is marked ABANDONED (stopped) through the store.
        var hasty = lab().with(CodecLabConfig.STOP_GRACE, "0s").start("daemon", "--interval", "1s");
        String abandoned = sigtermWhenAnExperimentRuns(hasty, store, Set.of(finished));
        var second = hasty.await(Duration.ofMinutes(1));
        assertThat(second.exitCode()).as("stderr:%n%s", CodecLabProcess.tail(second.stderr())).isZero();
        assertThat(second.stderr()).contains("experiment " + abandoned + " ABANDONED: stopped");
        var abandonedRecord = store.find(abandoned).orElseThrow();
        assertThat(abandonedRecord.status()).isEqualTo(ExperimentStatus.ABANDONED);
        assertThat(abandonedRecord.failure().stage()).isEqualTo("daemon");
        assertThat(abandonedRecord.failure().kind()).isEqualTo("Stopped");
        assertThat(abandonedRecord.failure().message()).startsWith("stopped: ").contains("grace period of 0s");
        assertThat(abandonedRecord.leaseOwner()).isNull();

        var records = store.latest(10);
        assertThat(records).extracting(ExperimentRecord::id).containsExactlyInAnyOrder(finished, abandoned);
        assertThat(records).allSatisfy(r -> assertThat(r.status().isTerminal()).as(r.id() + " " + r.status()).isTrue());
    }

    private String sigtermWhenAnExperimentRuns(CodecLabProcess.Running daemon, ExperimentStore store, Set<String> known)
            throws InterruptedException {
        String[] seen = new String[1];
        await(daemon, "new experiment in SCREENING or EVALUATING", START.plus(EXPERIMENT), () -> {
            var newest = store.latest(1).stream().filter(r -> !known.contains(r.id())).findFirst();
            newest.filter(r -> MID_EXPERIMENT.contains(r.status())).ifPresent(r -> seen[0] = r.id());
            return seen[0] != null;
        });
        sigterm(daemon);
        return seen[0];
    }

    @Test
    void aSecondDaemonOnTheSameDataDirectoryRefusesToStartNamingTheHolder() throws Exception {
        var first = lab().with(CodecLabConfig.ENABLED, "false").start("daemon", "--interval", "1s");
        DaemonProcesses.http(first, START);

        var second = lab().with(CodecLabConfig.ENABLED, "false").run("daemon", "--interval", "1s");
        assertThat(second.exitCode()).isEqualTo(2);
        assertThat(second.stderr()).contains("codec-lab: another codec-lab daemon (pid " + first.pid() + " on ")
                .contains("is running on the data directory " + dataDir.toAbsolutePath().normalize())
                .contains(dataDir.toAbsolutePath().normalize().resolve(DaemonLock.FILE_NAME).toString())
                .doesNotContain("HTTP server listening");
        assertThat(first.process().isAlive()).isTrue();

        sigterm(first);
        var ended = first.await(Duration.ofMinutes(1));
        assertThat(ended.exitCode()).as("stderr:%n%s", CodecLabProcess.tail(ended.stderr())).isZero();
        // Released on exit: the next daemon takes the directory.
        var next = lab().with(CodecLabConfig.ENABLED, "false").start("daemon", "--interval", "1s");
        DaemonProcesses.http(next, START);
        sigterm(next);
        assertThat(next.await(Duration.ofMinutes(1)).exitCode()).isZero();
    }

    @Test
    void switchedOffTheDaemonStaysUpStartsNothingAndSaysSoOnce() throws Exception {
        var daemon = lab().with(CodecLabConfig.ENABLED, "false").start("daemon", "--interval", "200ms");
        var http = DaemonProcesses.http(daemon, START);
        await(daemon, "five cycles", START, () -> count(daemon.stderr(), "daemon switched off") == 1
                && daemon.stderr().contains("daemon started"));
        Thread.sleep(2_000); // about ten cycles at 200 ms

        var health = healthz(http);
        assertThat(health.path("enabled").asBoolean(true)).isFalse();
        assertThat(health.path("enabledSource").asText()).isEqualTo("CODEC_LAB_ENABLED=false");
        assertThat(health.path("daemon").path("state").asText()).isEqualTo("SWITCHED_OFF");
        assertThat(health.path("daemon").path("experimentsCompleted").asInt(-1)).isZero();
        assertThat(health.path("status").asText()).isEqualTo("ok");
        assertThat(metrics(http)).containsEntry("codec_lab_daemon_enabled", 0.0);
        assertThat(DaemonProcesses.store(tablePrefix).latest(10)).isEmpty();
        assertThat(daemon.process().isAlive()).isTrue();
        assertThat(count(daemon.stderr(), "daemon switched off")).isEqualTo(1);

        sigterm(daemon);
        var ended = daemon.await(Duration.ofMinutes(1));
        assertThat(ended.exitCode()).isZero();
        assertThat(ended.stderr()).contains("daemon stopped after 0 experiment(s)");
    }

    @Test
    void anSsmParameterSwitchesTheDaemonOffAndOnWithoutARestart() throws Exception {
        String parameter = "/codec-lab/test/enabled";
        try (var ssm = SsmParameterServer.start()) {
            ssm.put(parameter, "false");
            var daemon = lab().with(CodecLabConfig.SSM_ENDPOINT, ssm.endpoint().toString())
                    .with(CodecLabConfig.ENABLED_SSM_PARAMETER, parameter)
                    .with(CodecLabConfig.STOP_GRACE, "0s")
                    .start("daemon", "--interval", "200ms");
            var http = DaemonProcesses.http(daemon, START);
            await(daemon, "three reads of the parameter", START, () -> ssm.getParameterRequests().size() >= 3);
            var health = healthz(http);
            assertThat(health.path("enabled").asBoolean(true)).isFalse();
            assertThat(health.path("enabledSource").asText()).isEqualTo("SSM parameter " + parameter + "=false");
            assertThat(health.path("daemon").path("state").asText()).isEqualTo("SWITCHED_OFF");
            var store = DaemonProcesses.store(tablePrefix);
            assertThat(store.latest(10)).isEmpty();
            assertThat(count(daemon.stderr(), "daemon switched off (SSM parameter " + parameter + "=false)")).isEqualTo(1);
            assertThat(ssm.getParameterRequests()).allSatisfy(r -> assertThat(r.path("Name").asText()).isEqualTo(parameter));

            ssm.put(parameter, "true");
            await(daemon, "an experiment after switching on", START.plus(EXPERIMENT), () -> !store.latest(1).isEmpty());
            assertThat(daemon.stderr()).contains("daemon switched on again (SSM parameter " + parameter + "=true)");
            sigterm(daemon);
            var ended = daemon.await(Duration.ofMinutes(1));
            assertThat(ended.exitCode()).as("stderr:%n%s", CodecLabProcess.tail(ended.stderr())).isZero();
            assertThat(store.latest(10)).hasSize(1)
                    .allSatisfy(r -> assertThat(r.status().isTerminal()).as(r.id() + " " + r.status()).isTrue());
        }
    }

    @Test
    void healthzAndMetricsAfterOneExperiment() throws Exception {
        var daemon = lab().start("daemon", "--interval", "10m");
        var http = DaemonProcesses.http(daemon, START);
        await(daemon, "one finished experiment", START.plus(EXPERIMENT),
                () -> daemon.stderr().contains("(1 done)"));
        // The line is logged just before the experiment's lane is released and its metrics are recorded.
        await(daemon, "the daemon waiting again", START, () -> {
            try {
                return healthz(http).path("daemon").path("state").asText().equals("WAITING");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        var store = DaemonProcesses.store(tablePrefix);
        var record = store.latest(10).get(0);
        assertThat(store.latest(10)).hasSize(1);

        var response = DaemonProcesses.get(http, "/healthz");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        var health = healthz(http);
        assertThat(health.path("status").asText()).isEqualTo("ok");
        assertThat(health.path("stores").path("dynamoDb").path("reachable").asBoolean()).isTrue();
        assertThat(health.path("stores").path("s3").path("reachable").asBoolean()).isTrue();
        assertThat(health.path("sandbox").path("ready").asBoolean()).isTrue();
        assertThat(health.path("sandbox").path("backend").asText()).isEqualTo("bwrap");
        assertThat(health.path("enabled").asBoolean()).isTrue();
        assertThat(health.path("enabledSource").asText()).isEqualTo("CODEC_LAB_ENABLED=true");
        assertThat(health.path("daemon").path("state").asText()).isEqualTo("WAITING");
        assertThat(health.path("daemon").path("experimentsCompleted").asInt()).isEqualTo(1);
        assertThat(health.path("daemon").path("internalErrors").asInt(-1)).isZero();
        assertThat(health.path("lastExperiment").path("id").asText()).isEqualTo(record.id());
        assertThat(health.path("lastExperiment").path("status").asText()).isEqualTo(record.status().name());
        assertThat(Instant.parse(health.path("lastExperiment").path("updatedAt").asText())).isEqualTo(record.updatedAt());
        assertThat(health.path("proposer").path("name").asText()).isEqualTo("offline");

        var metricsResponse = DaemonProcesses.get(http, "/metrics");
        assertThat(metricsResponse.statusCode()).isEqualTo(200);
        assertThat(metricsResponse.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        var metrics = parse(metricsResponse.body());
        assertThat(metrics).containsEntry("codec_lab_experiments_total{status=\"" + record.status() + "\"}", 1.0);
        assertThat(metrics.entrySet().stream().filter(e -> e.getKey().startsWith("codec_lab_experiments_total{"))
                .mapToDouble(Map.Entry::getValue).sum()).isEqualTo(1.0);
        assertThat(metrics).containsEntry("codec_lab_adoptions_total",
                record.status() == ExperimentStatus.ADOPTED ? 1.0 : 0.0);
        assertThat(metrics).containsEntry("codec_lab_experiment_duration_seconds_count{status=\"" + record.status()
                + "\"}", 1.0);
        assertThat(metrics).containsEntry("codec_lab_phase_duration_seconds_count{stage=\"policy\"}", 1.0);
        // Every sandbox run of the evaluation, by outcome, as the record lists them.
        assertThat(metrics.entrySet().stream().filter(e -> e.getKey().startsWith("codec_lab_sandbox_runs_total{"))
                .mapToDouble(Map.Entry::getValue).sum()).isEqualTo(record.stages().size());
        if (record.status() == ExperimentStatus.ADOPTED || record.status() == ExperimentStatus.REJECTED) {
            assertThat(metrics).containsEntry("codec_lab_phase_duration_seconds_count{stage=\"adoption\"}", 1.0);
            assertThat(record.stages()).isNotEmpty();
            assertThat(metrics.keySet()).anyMatch(k -> k.startsWith("codec_lab_sandbox_runs_total{")
                    && k.contains("outcome=\"OK\"") && k.contains("side=\"encode\""));
        }
        assertThat(metrics).containsEntry("codec_lab_llm_calls_total", 0.0)
                .containsEntry("codec_lab_llm_tokens_total{direction=\"input\"}", 0.0)
                .containsEntry("codec_lab_llm_cost_usd_total", 0.0)
                .containsEntry("codec_lab_experiment_internal_errors_total", 0.0)
                .containsEntry("codec_lab_daemon_enabled", 1.0);

        sigterm(daemon);
        var ended = daemon.await(Duration.ofMinutes(1));
        assertThat(ended.exitCode()).isZero();
    }

    static Map<String, Double> metrics(URI http) throws IOException, InterruptedException {
        return parse(DaemonProcesses.get(http, "/metrics").body());
    }

    /** Prometheus text lines {@code name{labels} value}; labels in the order Micrometer writes them (sorted). */
    static Map<String, Double> parse(String text) {
        var map = new LinkedHashMap<String, Double>();
        for (String line : text.lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            map.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return map;
    }

}
