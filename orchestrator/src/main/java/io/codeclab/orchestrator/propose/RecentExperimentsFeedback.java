package io.codeclab.orchestrator.propose;

import io.codeclab.orchestrator.experiment.ExperimentRecord;
import io.codeclab.orchestrator.experiment.ExperimentStatus;
import java.util.List;
import java.util.Locale;

/**
 * Feedback from the recent experiments, as text for a prompt: concrete failures (stage, kind, message, policy
 * violations with line and column, the traceback's tail) and the best recent results. Bounded in size, so a
 * long history never crowds out the rest of a prompt.
 */
public final class RecentExperimentsFeedback implements Feedback {

    static final int MAX_FAILURES = 5;
    static final int MAX_VIOLATIONS = 10;
    static final int MAX_TRACEBACK = 800;
    static final int MAX_SCORED = 3;

    /** Feedback from records ordered newest first (as {@code ExperimentStore.latest} returns them). */
    @Override
    public String text(List<ExperimentRecord> recent) {
        var text = new StringBuilder();
        var failures = recent.stream()
                .filter(r -> r.status() == ExperimentStatus.FAILED && r.failure() != null)
                .limit(MAX_FAILURES).toList();
        if (!failures.isEmpty()) {
            text.append("Recent failures, newest first. Do not repeat them:\n");
            for (var r : failures) {
                var f = r.failure();
                text.append(String.format(Locale.ROOT, "- experiment %s failed at stage %s: %s: %s%n", r.id(),
                        f.stage(), f.kind(), f.message()));
                r.violations().stream().limit(MAX_VIOLATIONS).forEach(v -> text.append(String.format(Locale.ROOT,
                        "    line %d, column %d: %s: %s%n", v.line(), v.column(), v.rule(), v.message())));
                if (!f.tracebackTail().isBlank()) {
                    String tail = f.tracebackTail();
                    tail = tail.length() <= MAX_TRACEBACK ? tail : tail.substring(tail.length() - MAX_TRACEBACK);
                    text.append("    traceback (tail):\n");
                    tail.lines().forEach(line -> text.append("      ").append(line).append('\n'));
                }
            }
        }
        var scored = recent.stream()
                .filter(r -> r.bdRateVsChampionPercent() != null && r.status() != ExperimentStatus.FAILED)
                .sorted((a, b) -> Double.compare(a.bdRateVsChampionPercent(), b.bdRateVsChampionPercent()))
                .limit(MAX_SCORED).toList();
        if (!scored.isEmpty()) {
            text.append("Best recent results (BD-rate against the champion of their time; negative is better):\n");
            for (var r : scored) {
                text.append(String.format(Locale.ROOT, "- experiment %s (%s, on v%d): %+.2f %%: %s%n", r.id(),
                        r.status(), r.championVersion(), r.bdRateVsChampionPercent(), r.summary()));
            }
        }
        return text.toString();
    }
}
