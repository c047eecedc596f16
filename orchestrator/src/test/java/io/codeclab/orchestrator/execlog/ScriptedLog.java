package io.codeclab.orchestrator.execlog;

import io.codeclab.eval.harness.CodecProgram;
import io.codeclab.eval.harness.EvaluationFailure;
import io.codeclab.eval.harness.SandboxRun;
import io.codeclab.eval.policy.PolicyVerdict;
import io.codeclab.eval.policy.Violation;
import io.codeclab.orchestrator.experiment.ExperimentRecord;
import io.codeclab.orchestrator.experiment.ExperimentStatus;
import io.codeclab.orchestrator.experiment.Failure;
import io.codeclab.orchestrator.experiment.LlmUsage;
import io.codeclab.orchestrator.propose.Proposal;
import io.codeclab.orchestrator.run.ExperimentObserver;
import io.codeclab.sandbox.SandboxOutcome;
import io.codeclab.sandbox.SandboxResult;
import io.codeclab.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Scripted attempts through the real log path ({@link ExecutionLog#observer} on a {@link LogWriter}), with an
 * in-memory sink for the records and the experiments' history as the runner would have it. Public for the
 * dashboard's Learning page test, which renders the analysis of these scenarios from the real table.
 */
public final class ScriptedLog implements AutoCloseable {

    public static final String PARENT = """
            import numpy as np
            # --- tunables: test ---
            BUFFER = 256  # tune: int 16 8192
            # --- end tunables ---
            def encode(frames, quality):
                return bytes(BUFFER)
            """;

    private static final DateTimeFormatter IDS = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    final List<LogRecord> records = new CopyOnWriteArrayList<>();
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final List<ExperimentRecord> history = new ArrayList<>();
    private final Map<String, String> code = new HashMap<>();
    private final LogWriter writer;
    private final ExperimentObserver observer;
    private final RunLogStore store;
    private final String parent;
    private int n;

    ScriptedLog() {
        this(PARENT);
    }

    /** Attempts built on {@code parent} (the champion's code), logged in memory. */
    ScriptedLog(String parent) {
        this(parent, null);
    }

    /** Attempts logged into {@code store} (the real table) when it is not null, else in memory. */
    public ScriptedLog(String parent, RunLogStore store) {
        this.parent = parent;
        this.store = store;
        this.writer = new LogWriter(store == null ? records::add : r -> {
            store.put(r);
            records.add(r);
        }, null, Duration.ofMillis(5), Duration.ofMillis(20));
        this.observer = ExecutionLog.observer(writer, clock, store != null ? store::ofExperiment
                : id -> records.stream().filter(r -> r.experimentId().equals(id)).toList(),
                id -> Optional.ofNullable(code.get(id)));
    }

    /**
     * The scenarios of the issue in one log: day one a NameError fixed, then a success, a policy violation fixed;
     * day two an OOM fixed by a smaller buffer, then two timeouts left unfixed (last, since the next attempt would
     * be linked to them).
     */
    public ScriptedLog allScenarios() {
        attempt(PARENT.replace("bytes(BUFFER)", "bytes(blok)")).policy(true)
                .run("smoke", new SandboxOutcome.Crash(1, 0), "NameError: name 'blok' is not defined\n")
                .fails("smoke", "NameError", "NameError: name 'blok' is not defined");
        attempt(withBuffer(300)).passes();
        attempt(withBuffer(301)).passes();
        attempt("import socket\n" + PARENT).policy(false)
                .fails("policy", "forbidden-import", "import of 'socket' is not allowed");
        attempt(withBuffer(302)).passes();
        clock.advance(Duration.ofDays(1));
        attempt(withBuffer(8000)).policy(true).run("smoke", new SandboxOutcome.OutOfMemory(512L << 20), "")
                .fails("smoke", "OOM", "the program needed more than 512 MiB of memory");
        attempt(withBuffer(200)).passes();
        var timeout = new SandboxOutcome.Timeout(Duration.ofSeconds(10));
        for (int buffer : new int[] {4000, 5000}) {
            attempt(withBuffer(buffer)).policy(true).ok("smoke").run("search", timeout, "")
                    .fails("search", "TIMEOUT", "the program ran longer than the limit of 10 s");
        }
        return this;
    }

    /** One experiment: what it runs and how it ends. */
    final class Run {
        final String id;
        final ExperimentObserver.Attempt attempt;

        Run(String id, ExperimentObserver.Attempt attempt) {
            this.id = id;
            this.attempt = attempt;
        }

        Run policy(boolean accepted) {
            attempt.policyChecked(new PolicyVerdict(accepted, "test", accepted ? List.of()
                    : List.of(new Violation(3, 1, "forbidden-import", "import of 'socket' is not allowed"))));
            return this;
        }

        Run ok(String stage) {
            return run(stage, new SandboxOutcome.Ok(), "");
        }

        Run run(String stage, SandboxOutcome outcome, String stderr) {
            clock.advance(Duration.ofSeconds(2));
            attempt.sandboxRunFinished(new SandboxRun(stage, SandboxRun.ENCODE, 2, "clip.y4m",
                    new SandboxResult(outcome, outcome instanceof SandboxOutcome.Ok ? 0 : 1, Duration.ofMillis(1500),
                            Duration.ofMillis(1400), 1 << 20, "", stderr, "bwrap")));
            return this;
        }

        /** Passes every stage and ends REJECTED (it ran; it just did not beat the champion). */
        ExperimentRecord passes() {
            policy(true).ok("smoke").ok("search").ok("adoption");
            return end(ExperimentStatus.REJECTED, null);
        }

        ExperimentRecord fails(String stage, String kind, String message) {
            var f = new EvaluationFailure(stage, kind, message, "");
            attempt.failed(f);
            return end(ExperimentStatus.FAILED, Failure.from(f));
        }

        ExperimentRecord end(ExperimentStatus status, Failure failure) {
            attempt.ended();
            var r = new ExperimentRecord(id, status, 0, null, "test-model", "sha-" + id, "", "", LlmUsage.NONE,
                    List.of(), List.of(), List.of(), null, null, failure, Map.of(), null, null, clock.instant(),
                    clock.instant());
            history.add(r);
            return r;
        }
    }

    /** Starts an experiment whose program is {@code source}, proposed after everything so far. */
    Run attempt(String source) {
        clock.advance(Duration.ofMinutes(1));
        String id = IDS.format(clock.instant()) + String.format("-%06d", ++n);
        code.put(id, source);
        var recent = new ArrayList<>(history);
        recent.sort(Comparator.comparing(ExperimentRecord::id).reversed());
        var proposal = new Proposal(new CodecProgram(source), "test-model", "attempt " + n, "", "",
                new LlmUsage(100, 50, 0.01, 10));
        return new Run(id, observer.started(new ExperimentObserver.Started(id, proposal, new CodecProgram(parent),
                recent, Duration.ofSeconds(3))));
    }

    static String withBuffer(int buffer) {
        return PARENT.replace("BUFFER = 256", "BUFFER = " + buffer);
    }

    /** Every record written, in key order (as the store returns them). */
    public List<LogRecord> written() throws InterruptedException {
        if (!writer.awaitIdle(Duration.ofSeconds(10))) {
            throw new AssertionError("the log writer did not finish");
        }
        if (store != null) {
            return store.since(Instant.EPOCH);
        }
        var out = new ArrayList<>(records);
        out.sort(Comparator.comparing(LogRecord::key));
        return out;
    }

    public LogWriter writer() {
        return writer;
    }

    LogAnalysis analysis() throws InterruptedException {
        return Analyzer.analyze(written(), "");
    }

    @Override
    public void close() {
        writer.close(Duration.ofSeconds(5));
    }
}
