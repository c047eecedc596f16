package io.codeclab.orchestrator.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeclab.eval.harness.SandboxRun;
import io.codeclab.eval.protocol.Stage;
import io.codeclab.orchestrator.experiment.ExperimentRecord;
import io.codeclab.orchestrator.experiment.ExperimentStatus;
import io.codeclab.orchestrator.experiment.LlmUsage;
import io.codeclab.sandbox.Sandbox;
import io.codeclab.sandbox.SandboxOutcome;
import io.codeclab.sandbox.SandboxResult;
import io.codeclab.sandbox.SandboxSlots;
import io.codeclab.sandbox.SandboxTask;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LabMetricsTest {

    private static ExperimentRecord ended(ExperimentStatus status, LlmUsage usage) {
        return new ExperimentRecord("exp", status, 0, null, "openai:gpt", "sha", "", "", usage, null, null, null, null,
                null, null, null, null, null, Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void sandboxSlotsAreReportedAsBudgetBusyAndWaitTime() {
        var metrics = new LabMetrics();
        var slots = SandboxSlots.of(new Sandbox() {
            @Override
            public SandboxResult run(SandboxTask task) {
                throw new UnsupportedOperationException("never run here");
            }

            @Override
            public String backend() {
                return "none";
            }

            @Override
            public void close() {
            }
        }, 3);
        metrics.watchSlots(slots);
        assertThat(metrics.scrape()).contains("codec_lab_sandbox_slots 3.0\n")
                .contains("codec_lab_sandbox_slots_busy 0.0\n")
                .contains("codec_lab_sandbox_slot_wait_seconds_total 0.0\n");
    }

    @Test
    void theExecutionLogsCountersStayLiveWhenOnlyTheMetricsHoldTheirSuppliers() {
        var metrics = new LabMetrics();
        var failures = new AtomicLong(3);
        // Fresh lambdas, referenced by nothing but the metrics, as the daemon's wiring passes them.
        metrics.watchExecutionLog(() -> 0L, () -> failures.get());
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        failures.set(5);
        assertThat(metrics.scrape()).contains("codec_lab_execlog_write_failures_total 5.0\n")
                .contains("codec_lab_execlog_pending_records 0.0\n");
    }

    @Test
    void experimentsAdoptionsAndLlmUsageAreCounted() {
        var metrics = new LabMetrics();
        metrics.experimentEnded(ended(ExperimentStatus.ADOPTED, new LlmUsage(1200, 800, 0.125, 900)), Duration.ofSeconds(3));
        metrics.experimentEnded(ended(ExperimentStatus.REJECTED, new LlmUsage(1000, 500, 0.5, 700)), Duration.ofSeconds(5));
        metrics.experimentEnded(ended(ExperimentStatus.REJECTED, LlmUsage.NONE), Duration.ofSeconds(1));
        String text = metrics.scrape();
        assertThat(text).contains("codec_lab_experiments_total{status=\"ADOPTED\"} 1.0\n")
                .contains("codec_lab_experiments_total{status=\"REJECTED\"} 2.0\n")
                .contains("codec_lab_experiments_total{status=\"FAILED\"} 0.0\n")
                .contains("codec_lab_adoptions_total 1.0\n")
                .contains("codec_lab_llm_calls_total 2.0\n")
                .contains("codec_lab_llm_tokens_total{direction=\"input\"} 2200.0\n")
                .contains("codec_lab_llm_tokens_total{direction=\"output\"} 1300.0\n")
                .contains("codec_lab_llm_cost_usd_total 0.625\n")
                .contains("codec_lab_experiment_duration_seconds_count{status=\"REJECTED\"} 2\n")
                .contains("codec_lab_experiment_duration_seconds_sum{status=\"REJECTED\"} 6.0\n");
    }

    @Test
    void stagesAndSandboxRunsAreMeasuredFromTheEvaluationEvents() {
        var metrics = new LabMetrics();
        var listener = metrics.stageListener();
        var ok = new SandboxResult(new SandboxOutcome.Ok(), 0, Duration.ofMillis(10), Duration.ofMillis(5), 0, "", "", "bwrap");
        var runs = List.of(new SandboxRun("smoke", SandboxRun.ENCODE, 2, "c", ok), new SandboxRun("smoke", SandboxRun.DECODE, 2, "c", ok),
                new SandboxRun("smoke", SandboxRun.ENCODE, 8, "c", ok));
        listener.stageStarted(Stage.SMOKE);
        runs.forEach(listener::sandboxRunFinished);
        listener.stageFinished(Stage.SMOKE, runs);
        String text = metrics.scrape();
        assertThat(text).contains("codec_lab_phase_duration_seconds_count{stage=\"smoke\"} 1\n")
                .contains("codec_lab_phase_duration_seconds_count{stage=\"search\"} 0\n")
                .contains("codec_lab_sandbox_runs_total{outcome=\"OK\",side=\"encode\",stage=\"smoke\"} 2.0\n")
                .contains("codec_lab_sandbox_runs_total{outcome=\"OK\",side=\"decode\",stage=\"smoke\"} 1.0\n");
    }

    @Test
    void experimentsInFlightAtOnceTimeTheirOwnStages() throws Exception {
        var metrics = new LabMetrics();
        var listener = metrics.stageListener();
        var firstStarted = new java.util.concurrent.CountDownLatch(1);
        var secondStarted = new java.util.concurrent.CountDownLatch(1);
        var first = new Thread(() -> {
            listener.stageStarted(Stage.SEARCH);
            firstStarted.countDown();
            try {
                secondStarted.await();
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            listener.stageFinished(Stage.SEARCH, List.of());
        });
        first.start();
        firstStarted.await();
        Thread.sleep(300);
        listener.stageStarted(Stage.SEARCH);
        secondStarted.countDown();
        first.join();
        listener.stageFinished(Stage.SEARCH, List.of());
        String text = metrics.scrape();
        // Both stages are timed, the first over its whole 350 ms and more (not from the second's start).
        assertThat(text).contains("codec_lab_phase_duration_seconds_count{stage=\"search\"} 2\n");
        var max = java.util.regex.Pattern.compile("codec_lab_phase_duration_seconds_max\\{stage=\"search\"} (\\S+)")
                .matcher(text);
        assertThat(max.find()).isTrue();
        assertThat(Double.parseDouble(max.group(1))).isGreaterThanOrEqualTo(0.35);
    }
}
