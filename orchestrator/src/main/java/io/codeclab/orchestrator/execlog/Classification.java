package io.codeclab.orchestrator.execlog;

import io.codeclab.eval.harness.EvaluationFailure;
import io.codeclab.eval.harness.FailureClassifier;
import io.codeclab.eval.policy.PolicyVerdict;
import io.codeclab.sandbox.SandboxOutcome;
import io.codeclab.sandbox.SandboxResult;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * What a run's failure was, by structure and never by searching text: the sandbox's outcome (a timeout is a
 * {@code Timeout}), the program's exception type from the last line of its traceback (the harness's one
 * {@link FailureClassifier}), the policy verdict's rule. So a {@code NameError} whose message mentions "timeout"
 * is a NameError.
 *
 * @param exceptionType NameError, TIMEOUT, OOM, PolicyViolation, ... (empty when passed)
 * @param message       the message without a repeated "Type: " prefix
 * @param limit         the limit or rule involved, or empty
 */
public record Classification(boolean passed, String status, String exceptionType, String message,
                             String tracebackTail, String limit) {

    static final String POLICY_VIOLATION = "PolicyViolation";
    static final int MAX_MESSAGE = 500;
    static final int MAX_TRACEBACK = 1500;
    /** Kinds that name a sandbox status rather than the program's exception: their limit is the one hit. */
    private static final Set<String> STATUSES = Set.of("TIMEOUT", "OOM", "OUTPUT_LIMIT", "SANDBOX_ERROR", "CRASH");
    /** Where the harness would put its contract report: never present here, so the sandbox's view decides. */
    private static final Path NO_REPORT = Path.of("/nonexistent/codec-lab/report.json");

    public static Classification of(String stage, SandboxResult result) {
        if (result.isOk()) {
            return new Classification(true, result.status(), "", "", "", "");
        }
        var failure = FailureClassifier.classify(stage, result, NO_REPORT);
        return new Classification(false, result.status(), failure.kind(), stripType(failure.kind(), failure.message()),
                tail(failure.tracebackTail(), MAX_TRACEBACK), limit(result.outcome()));
    }

    /** The policy stage: passed, or failed with the first violation's rule and message. */
    public static Classification of(PolicyVerdict verdict) {
        if (verdict.accepted() || verdict.violations().isEmpty()) {
            return new Classification(verdict.accepted(), verdict.accepted() ? "OK" : "POLICY",
                    verdict.accepted() ? "" : POLICY_VIOLATION, verdict.accepted() ? "" : "rejected by the policy",
                    "", "");
        }
        var first = verdict.violations().get(0);
        return new Classification(false, "POLICY", POLICY_VIOLATION, bound(first.message()), "", first.rule());
    }

    /** The evaluation's own failure for a stage (a contract check after the runs, a harness report). */
    public static Classification of(EvaluationFailure failure) {
        boolean status = STATUSES.contains(failure.kind());
        return new Classification(false, status ? failure.kind() : "CHECK", failure.kind(),
                stripType(failure.kind(), failure.message()), tail(failure.tracebackTail(), MAX_TRACEBACK), "");
    }

    static String limit(SandboxOutcome outcome) {
        if (outcome instanceof SandboxOutcome.Timeout t) {
            return "wall clock " + BigDecimal.valueOf(t.limit().toMillis(), 3).stripTrailingZeros().toPlainString()
                    + " s";
        } else if (outcome instanceof SandboxOutcome.OutOfMemory o) {
            return "memory " + (o.limitBytes() >> 20) + " MiB";
        } else if (outcome instanceof SandboxOutcome.OutputLimit o) {
            return "output " + (o.limitBytes() >> 20) + " MiB";
        } else if (outcome instanceof SandboxOutcome.OutputFileLimit o) {
            return "output files " + o.limitFiles();
        }
        return "";
    }

    private static String stripType(String type, String message) {
        String prefix = type + ": ";
        return bound(message.startsWith(prefix) ? message.substring(prefix.length()) : message);
    }

    private static String bound(String s) {
        return s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE) + "...";
    }

    private static String tail(String s, int max) {
        return s.length() <= max ? s : s.substring(s.length() - max);
    }

    /** The stage label as records store it: upper case. */
    static String stage(String label) {
        return label.toUpperCase(Locale.ROOT);
    }
}
