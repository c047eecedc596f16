package io.codeclab.orchestrator.execlog;

import io.codeclab.eval.codecs.Tunable;
import io.codeclab.eval.codecs.Tunables;
import io.codeclab.eval.harness.EvaluationFailure;
import io.codeclab.eval.harness.SandboxRun;
import io.codeclab.eval.policy.PolicyVerdict;
import io.codeclab.orchestrator.run.ExperimentObserver;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One experiment's log: a PROPOSE record (who proposed it, what it cost, the diff from the failure it answers), the
 * policy verdict, every sandbox run. A stage's failed runs are held until the evaluation says why the stage failed,
 * so that a contract breach the harness reported is logged as that (WRONG_SHAPE), not as the bare exit code; a
 * stage that failed on a check after its runs (NON_DETERMINISTIC) gets a record of its own. Never throws; its events
 * may come from the evaluation's parallel clip threads, hence synchronized.
 */
final class LoggedAttempt implements ExperimentObserver.Attempt {

    private static final Logger LOG = LoggerFactory.getLogger(LoggedAttempt.class);

    private final LogWriter writer;
    private final Clock clock;
    private final Supplier<SessionResolver.Session> session;
    private final LogRecord template;
    private final List<LogRecord> held = new ArrayList<>();
    private int seq;
    private boolean over;

    LoggedAttempt(LogWriter writer, Clock clock, ExperimentObserver.Started started, String linkedFailure,
                  Supplier<SessionResolver.Session> session) {
        this.writer = writer;
        this.clock = clock;
        this.session = session;
        var proposal = started.proposal();
        var changed = changedTunables(Tunables.of(started.parent()), Tunables.of(proposal.program()));
        this.template = new LogRecord(clock.instant(), started.experimentId(), 0, LogRecord.PROPOSE, "", 0, true,
                "OK", "", "", "", "", "", proposal.program().sha256(), started.parent().sha256(), proposal.source(), "",
                linkedFailure, "", 0, 0, changed[1], changed[0], "");
        var usage = proposal.usage();
        write(with(LogRecord.PROPOSE, "", 0, new Classification(true, "OK", "", "", "", ""),
                started.proposingTook().toMillis() / 1000.0, usage == null ? 0 : usage.costUsd()));
    }

    @Override
    public synchronized void policyChecked(PolicyVerdict verdict) {
        guard(() -> {
            var c = Classification.of(verdict);
            writeOrHold(with("POLICY", "", 0, c, 0, 0));
        });
    }

    @Override
    public synchronized void sandboxRunFinished(SandboxRun run) {
        guard(() -> {
            var c = Classification.of(run.stage(), run.result());
            var r = with(Classification.stage(run.stage()), Classification.stage(run.side()), run.quality(), c,
                    run.result().wall().toMillis() / 1000.0, 0);
            writeOrHold(r);
        });
    }

    @Override
    public synchronized void failed(EvaluationFailure failure) {
        guard(() -> {
            String stage = Classification.stage(failure.stage());
            var evaluation = Classification.of(failure);
            boolean found = false;
            for (int i = 0; i < held.size(); i++) {
                var r = held.get(i);
                if (r.stage().equals(stage) && !r.passed()) {
                    found = true;
                    // The harness's report (exit 3) names a contract breach the bare sandbox status cannot.
                    if (r.exceptionType().equals("CRASH") && !failure.kind().equals("CRASH")
                            && !evaluation.status().equals("CRASH")) {
                        held.set(i, relabel(r, evaluation));
                    }
                }
            }
            if (!found && !stage.equals("POLICY")) {
                held.add(with(stage, "", 0, evaluation, 0, 0));
            }
            flush();
        });
    }

    @Override
    public synchronized void ended() {
        guard(this::flush);
        over = true;
    }

    private void flush() {
        held.forEach(this::write);
        held.clear();
    }

    private LogRecord with(String stage, String side, int quality, Classification c, double seconds, double usd) {
        var t = template;
        return new LogRecord(clock.instant(), t.experimentId(), seq++, stage, side, quality, c.passed(), c.status(),
                c.exceptionType(), c.message(), MessageNormalizer.normalize(c.message()), c.tracebackTail(), c.limit(),
                t.codeSha256(), t.parentCodeSha256(), t.model(), "", t.linkedFailure(), "", seconds, usd, t.tunables(),
                t.parentTunables(), "");
    }

    private static LogRecord relabel(LogRecord r, Classification c) {
        return new LogRecord(r.at(), r.experimentId(), r.seq(), r.stage(), r.side(), r.quality(), false, r.status(),
                c.exceptionType(), c.message(), MessageNormalizer.normalize(c.message()), r.tracebackTail(), r.limit(),
                r.codeSha256(), r.parentCodeSha256(), r.model(), "", r.linkedFailure(), "", r.seconds(), r.usd(),
                r.tunables(), r.parentTunables(), "");
    }

    /** A passed run is written now; a failed one waits for the evaluation to say why its stage failed. */
    private void writeOrHold(LogRecord r) {
        if (r.passed()) {
            write(r);
        } else {
            held.add(r);
        }
    }

    private void write(LogRecord r) {
        if (over) {
            return;
        }
        writer.append(r, session);
    }

    private void guard(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            // The log must never stop an experiment; this is a bug in the log, so it is loud.
            LOG.error("execution log: could not log an event of experiment {}", template.experimentId(), e);
        }
    }

    /** {parent values, new values} of the tunables whose values differ. */
    @SuppressWarnings("unchecked")
    static Map<String, Double>[] changedTunables(List<Tunable> parent, List<Tunable> child) {
        var before = new TreeMap<String, Double>();
        var after = new TreeMap<String, Double>();
        var parentByName = new TreeMap<String, Double>();
        parent.forEach(t -> parentByName.put(t.name(), t.value()));
        for (var t : child) {
            var old = parentByName.get(t.name());
            if (old != null && old != t.value()) {
                before.put(t.name(), old);
                after.put(t.name(), t.value());
            }
        }
        return new Map[] {before, after};
    }
}
