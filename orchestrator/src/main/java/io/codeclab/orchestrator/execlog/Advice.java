package io.codeclab.orchestrator.execlog;

import io.codeclab.eval.harness.FailureKind;
import io.codeclab.orchestrator.execlog.LogAnalysis.Pattern;
import java.util.Locale;

/** A recommendation's advice, from the kind of failure (its type, never words in its message). */
final class Advice {

    private Advice() {
    }

    static String of(Pattern p, String rule, String fixedBy) {
        String what = switch (p.exceptionType()) {
            case Classification.POLICY_VIOLATION -> "The policy" + (rule.isEmpty() ? "" : " rule " + rule)
                    + " rejected the program before it ran. Use only what the policy allows.";
            case "TIMEOUT" -> "Runs hit the " + (rule.isEmpty() ? "time" : rule) + " limit. Make encode and decode"
                    + " cheaper: vectorise with numpy, fewer passes, a smaller search.";
            case "OOM" -> "Runs hit the " + (rule.isEmpty() ? "memory" : rule) + " limit. Use smaller buffers,"
                    + " work frame by frame and avoid copies of the whole clip.";
            case "OUTPUT_LIMIT" -> "Runs wrote more than the " + (rule.isEmpty() ? "output" : rule)
                    + " limit. Keep the bitstream small and write nothing else.";
            case FailureKind.NEAR_DUPLICATE -> "The program behaved exactly like the champion or an earlier program"
                    + " (the same bitstreams on the probe frames), so it was not measured. Change what the codec"
                    + " computes (transform, quantisation, prediction, entropy coding), not names or constants that"
                    + " do not reach the bitstream.";
            case "SANDBOX_ERROR" -> "The sandbox itself failed (not the program): check the host.";
            case "CRASH" -> "The program crashed without a Python traceback (a native crash or exit code):"
                    + " check array bounds and native calls.";
            default -> p.exceptionType() + " at stage " + p.stage().toLowerCase(Locale.ROOT) + ": check the code"
                    + " for this error before sending it.";
        };
        String history = fixedBy.isEmpty()
                ? String.format(Locale.ROOT, " Seen %d time(s), never fixed yet: try another approach rather than"
                + " a variation of the failing one.", p.count())
                : String.format(Locale.ROOT, " Seen %d time(s); experiment %s fixed it (the diff shows how).",
                p.count(), fixedBy);
        return what + history;
    }
}
