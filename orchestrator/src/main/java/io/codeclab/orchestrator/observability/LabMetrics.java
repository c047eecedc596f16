package io.codeclab.orchestrator.observability;

import io.codeclab.eval.harness.SandboxRun;
import io.codeclab.eval.protocol.Stage;
import io.codeclab.eval.protocol.StageListener;
import io.codeclab.orchestrator.daemon.Daemon;
import io.codeclab.orchestrator.experiment.ExperimentRecord;
import io.codeclab.orchestrator.experiment.ExperimentStatus;
import io.codeclab.orchestrator.experiment.LlmUsage;
import io.codeclab.orchestrator.http.Routes;
import io.codeclab.sandbox.SandboxSlots;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * codec-lab's metrics, kept by Micrometer and served in the Prometheus text format at {@code GET /metrics}.
 * Counters count what happened in this process since it started (Prometheus adds up a fleet):
 *
 * <ul>
 *   <li>{@code codec_lab_experiments_total{status}}: experiments that ended, by final status;
 *   {@code codec_lab_adoptions_total}; {@code codec_lab_experiment_internal_errors_total};
 *   {@code codec_lab_experiment_duration_seconds{status}} (timer)</li>
 *   <li>{@code codec_lab_phase_duration_seconds{stage}} (timer: policy, smoke, search, adoption)</li>
 *   <li>{@code codec_lab_sandbox_runs_total{stage,side,outcome}} (outcome OK, TIMEOUT, OOM, CRASH, ...)</li>
 *   <li>{@code codec_lab_llm_calls_total}, {@code codec_lab_llm_tokens_total{direction}} (input, output),
 *   {@code codec_lab_llm_cost_usd_total}, from each experiment's recorded LLM usage</li>
 *   <li>{@code codec_lab_execlog_pending_records}, {@code codec_lab_execlog_write_failures_total}: the execution
 *   log's background writer</li>
 *   <li>{@code codec_lab_daemon_enabled} (1 on, 0 off; absent without a daemon) and the JVM's own meters</li>
 * </ul>
 *
 * The evaluation's events arrive through {@link #stageListener()}, the daemon's through {@link #daemonListener()}.
 */
public final class LabMetrics {

    private static final List<ExperimentStatus> FINAL = List.of(ExperimentStatus.ADOPTED, ExperimentStatus.REJECTED,
            ExperimentStatus.FAILED, ExperimentStatus.ABANDONED);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter adoptions;
    private final Counter internalErrors;
    private final Counter llmCalls;
    private final Counter inputTokens;
    private final Counter outputTokens;
    private final Counter llmCost;
    /**
     * When each stage started, per experiment: an evaluation tells its stages on its own thread, and experiments in
     * flight at once must not time each other's stages.
     */
    private final ThreadLocal<Map<Stage, Long>> stageStarts = ThreadLocal.withInitial(() -> new EnumMap<>(Stage.class));
    /**
     * What the function counters read. Micrometer holds a function counter's object only weakly (there is no
     * {@code strongReference} for them as for gauges): a lambda held by nobody else is collected and its counter
     * freezes at its last read value, which reported 0 write failures after 3 once.
     */
    private final List<Object> watched = new CopyOnWriteArrayList<>();

    public LabMetrics() {
        adoptions = Counter.builder("codec_lab.adoptions").description("experiments adopted as a new champion version")
                .register(registry);
        internalErrors = Counter.builder("codec_lab.experiment.internal.errors")
                .description("experiments that failed inside the orchestrator").register(registry);
        llmCalls = Counter.builder("codec_lab.llm.calls").description("proposals that called a language model")
                .register(registry);
        inputTokens = tokens("input");
        outputTokens = tokens("output");
        llmCost = Counter.builder("codec_lab.llm.cost").baseUnit("usd").description("LLM cost of the proposals")
                .register(registry);
        // Every final status from the start, so that a dashboard sees zeros rather than gaps.
        FINAL.forEach(this::experiments);
        for (Stage stage : Stage.values()) {
            phaseTimer(stage);
        }
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    private Counter tokens(String direction) {
        return Counter.builder("codec_lab.llm.tokens").tag("direction", direction)
                .description("LLM tokens of the proposals").register(registry);
    }

    private Counter experiments(ExperimentStatus status) {
        return Counter.builder("codec_lab.experiments").tag("status", status.name())
                .description("experiments that ended in this process, by final status").register(registry);
    }

    private Timer phaseTimer(Stage stage) {
        return Timer.builder("codec_lab.phase.duration").tag("stage", stage.name().toLowerCase(Locale.ROOT))
                .description("how long each evaluation stage took").register(registry);
    }

    /** An experiment ended with {@code record}, {@code took} after it started. */
    public void experimentEnded(ExperimentRecord record, Duration took) {
        experiments(record.status()).increment();
        Timer.builder("codec_lab.experiment.duration").tag("status", record.status().name())
                .description("how long experiments took, proposal to decision").register(registry).record(took);
        if (record.status() == ExperimentStatus.ADOPTED) {
            adoptions.increment();
        }
        var usage = record.llmUsage();
        if (usage != null && !usage.equals(LlmUsage.NONE)) {
            llmCalls.increment();
            inputTokens.increment(usage.inputTokens());
            outputTokens.increment(usage.outputTokens());
            llmCost.increment(usage.costUsd());
        }
    }

    /**
     * Reports the execution log's writer: {@code codec_lab_execlog_pending_records} (queued or being written) and
     * {@code codec_lab_execlog_write_failures_total} (writes that failed and were retried).
     */
    public void watchExecutionLog(LongSupplier pending, LongSupplier failedWrites) {
        Gauge.builder("codec_lab.execlog.pending.records", pending, s -> s.getAsLong()).strongReference(true)
                .description("execution log records not yet written").register(registry);
        watched.add(failedWrites);
        FunctionCounter.builder("codec_lab.execlog.write.failures", failedWrites, s -> s.getAsLong())
                .description("execution log writes that failed and were retried in the background").register(registry);
    }

    /**
     * Reports the sandbox slots as {@code codec_lab_sandbox_slots} (the budget), {@code codec_lab_sandbox_slots_busy}
     * and {@code codec_lab_sandbox_slot_wait_seconds_total} (time runs waited for a slot: a budget too small for
     * the experiments in flight shows here).
     */
    public void watchSlots(SandboxSlots slots) {
        Gauge.builder("codec_lab.sandbox.slots", slots, SandboxSlots::slots).strongReference(true)
                .description("sandbox runs allowed at once (CODEC_LAB_PARALLELISM)").register(registry);
        Gauge.builder("codec_lab.sandbox.slots.busy", slots, SandboxSlots::busy).strongReference(true)
                .description("sandbox runs in progress").register(registry);
        watched.add(slots);
        FunctionCounter.builder("codec_lab.sandbox.slot.wait.seconds", slots, s -> s.waited().toNanos() / 1e9)
                .description("time sandbox runs waited for a free slot").register(registry);
    }

    /** Reports the daemon's switch as {@code codec_lab_daemon_enabled}. */
    public void watchSwitch(BooleanSupplier on) {
        Gauge.builder("codec_lab.daemon.enabled", on, s -> s.getAsBoolean() ? 1 : 0).strongReference(true)
                .description("1 while the daemon's on/off switch reads on, 0 while off").register(registry);
    }

    /** The daemon's events: experiments ended, internal errors. */
    public Daemon.Listener daemonListener() {
        return new Daemon.Listener() {
            @Override
            public void experimentEnded(ExperimentRecord record, Duration took) {
                LabMetrics.this.experimentEnded(record, took);
            }

            @Override
            public void internalError(RuntimeException error, Duration took) {
                internalErrors.increment();
            }
        };
    }

    /** The evaluation's events: stage durations and sandbox runs by outcome. */
    public StageListener stageListener() {
        return new StageListener() {
            @Override
            public void stageStarted(Stage stage) {
                stageStarts.get().put(stage, System.nanoTime());
            }

            @Override
            public void sandboxRunFinished(SandboxRun run) {
                Counter.builder("codec_lab.sandbox.runs").tag("stage", run.stage()).tag("side", run.side())
                        .tag("outcome", run.result().status())
                        .description("sandbox runs of the evaluations, by outcome").register(registry).increment();
            }

            @Override
            public void stageFinished(Stage stage, List<SandboxRun> runs) {
                Long started = stageStarts.get().remove(stage);
                if (started != null) {
                    phaseTimer(stage).record(Duration.ofNanos(System.nanoTime() - started));
                }
            }
        };
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    /** {@code GET /metrics}. */
    public Routes routes() {
        return routes -> routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(scrape()));
    }
}
