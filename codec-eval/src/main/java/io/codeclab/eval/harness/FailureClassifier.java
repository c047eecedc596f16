package io.codeclab.eval.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codeclab.sandbox.SandboxOutcome;
import io.codeclab.sandbox.SandboxResult;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a failed sandbox run of a codec program into an {@link EvaluationFailure}: a contract breach the
 * harness reported, the program's own exception (type and message from its traceback), a crash, or the
 * sandbox's status (timeout, memory, output) with a message a model can act on. One place, so every caller
 * (the harness now, others later) names failures the same way.
 */
public final class FailureClassifier {

    private static final int CONTRACT_BROKEN_EXIT = 3;
    /** The kinds harness.py reports with {@link #CONTRACT_BROKEN_EXIT}. */
    private static final Set<String> CONTRACT_KINDS =
            Set.of(FailureKind.WRONG_TYPE, FailureKind.WRONG_DTYPE, FailureKind.WRONG_SHAPE);
    private static final int MESSAGE_MAX = 300;
    private static final int TRACEBACK_MAX = 2000;
    // Besides the usual class names, C modules raise a class named plain "error" (struct.error, zlib.error,
    // cv2.error): common in codecs, and only useful with its module.
    private static final Pattern EXCEPTION_LINE = Pattern.compile("^([A-Za-z_][\\w.]*"
            + "(?:Error|Exception|Exit|Interrupt|Warning|Iteration)|[A-Za-z_][\\w.]*\\.error)(?::\\s?(.*))?$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private FailureClassifier() {
    }

    /**
     * Classifies a run that did not end OK.
     *
     * @param report the harness's report file in the run's output directory (it may be missing, or forged by
     *               the program, which shares the harness's process)
     */
    public static EvaluationFailure classify(String stage, SandboxResult result, Path report) {
        String stderr = result.stderrTail();
        String traceTail = tail(stderr, TRACEBACK_MAX);
        if (result.outcome() instanceof SandboxOutcome.Crash crash && crash.exitCode() == CONTRACT_BROKEN_EXIT
                && Files.isRegularFile(report, LinkOption.NOFOLLOW_LINKS)) {
            try (InputStream in = Files.newInputStream(report, LinkOption.NOFOLLOW_LINKS)) {
                JsonNode node = JSON.readTree(in.readAllBytes());
                String kind = node.path("kind").asText("");
                // The report is writable by the candidate too: believe only the kinds harness.py writes, and
                // only a bounded message, so that a program cannot forge another kind or flood the next prompt.
                if (CONTRACT_KINDS.contains(kind)) {
                    String message = node.path("message").asText("");
                    if (message.length() > MESSAGE_MAX) {
                        message = message.substring(0, MESSAGE_MAX) + "...";
                    }
                    return new EvaluationFailure(stage, kind, message, traceTail);
                }
            } catch (IOException e) {
                // The candidate shares the harness's process and may have scribbled over its report:
                // fall through and classify by the sandbox's own view.
            }
        }
        if (result.outcome() instanceof SandboxOutcome.Crash crash) {
            var exception = lastExceptionLine(stderr);
            if (crash.signal() == 0 && exception.length == 2) {
                return new EvaluationFailure(stage, exception[0], exception[0] + ": " + exception[1], traceTail);
            }
            String how = crash.signal() != 0 ? "was killed by signal " + crash.signal()
                    : "exited with status " + crash.exitCode();
            return new EvaluationFailure(stage, "CRASH", "the program " + how, traceTail);
        }
        return new EvaluationFailure(stage, result.status(), describe(result.outcome()), traceTail);
    }

    /** What a sandbox status means, in a sentence about the program. */
    static String describe(SandboxOutcome outcome) {
        if (outcome instanceof SandboxOutcome.Timeout t) {
            // BigDecimal keeps a sub-second limit readable: 1500 ms is "1.5 s", not "1 s"
            return "the program ran longer than the limit of "
                    + BigDecimal.valueOf(t.limit().toMillis(), 3).stripTrailingZeros().toPlainString() + " s";
        } else if (outcome instanceof SandboxOutcome.OutOfMemory o) {
            return "the program needed more than " + (o.limitBytes() >> 20) + " MiB of memory";
        } else if (outcome instanceof SandboxOutcome.OutputLimit o) {
            return "the program wrote more than " + (o.limitBytes() >> 20) + " MiB of output";
        } else if (outcome instanceof SandboxOutcome.SandboxError e) {
            return "the sandbox failed (not the program's fault): " + e.reason();
        }
        return outcome.status();
    }

    /** {type, message} of the last "Type: message" line of a Python traceback, or an empty array. */
    public static String[] lastExceptionLine(String stderr) {
        String[] lines = stderr.split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            var m = EXCEPTION_LINE.matcher(lines[i].strip());
            if (m.matches()) {
                String type = m.group(1);
                int cut = type.lastIndexOf('.');
                if (type.endsWith(".error")) {
                    cut = type.lastIndexOf('.', cut - 1);
                }
                type = type.substring(cut + 1);
                return new String[] {type, m.group(2) == null ? "" : m.group(2)};
            }
        }
        return new String[0];
    }

    private static String tail(String s, int max) {
        return s.length() <= max ? s : s.substring(s.length() - max);
    }
}
