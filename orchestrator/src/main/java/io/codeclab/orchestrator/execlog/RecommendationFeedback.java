package io.codeclab.orchestrator.execlog;

import io.codeclab.orchestrator.experiment.ExperimentRecord;
import io.codeclab.orchestrator.propose.Feedback;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The top recommendations of the execution log as prompt text: one entry per pattern (so deduplicated), at most
 * {@value #MAX_ITEMS}, each diff cut to {@value #MAX_DIFF} characters and the whole to {@value #MAX_TEXT}. Only
 * patterns seen at least twice or fixed once are worth a prompt's room. A log that cannot be read gives no text
 * (and a warning), never a failed experiment.
 */
public final class RecommendationFeedback implements Feedback {

    private static final Logger LOG = LoggerFactory.getLogger(RecommendationFeedback.class);
    static final int MAX_ITEMS = 3;
    static final int MAX_DIFF = 700;
    static final int MAX_TEXT = 3000;
    static final String HEADING = "Lessons from the execution log (recurring failures, what they hit, what fixed them):";

    private final Supplier<List<LogRecord>> records;

    public RecommendationFeedback(Supplier<List<LogRecord>> records) {
        this.records = records;
    }

    @Override
    public String text(List<ExperimentRecord> recent) {
        List<LogRecord> log;
        try {
            log = records.get();
        } catch (RuntimeException e) {
            LOG.warn("execution log unreadable, the prompt goes without its lessons: {}", e.toString());
            return "";
        }
        return lessons(Analyzer.analyze(log, "").recommendations());
    }

    static String lessons(List<LogAnalysis.Recommendation> recommendations) {
        var chosen = recommendations.stream().filter(r -> r.count() >= 2 || r.fixed() > 0).limit(MAX_ITEMS).toList();
        if (chosen.isEmpty()) {
            return "";
        }
        var text = new StringBuilder(HEADING).append('\n');
        for (var r : chosen) {
            var item = new StringBuilder(String.format(Locale.ROOT, "- %s at stage %s, %d time(s), %d fixed: %s%n",
                    r.exceptionType(), r.stage().toLowerCase(Locale.ROOT), r.count(), r.fixed(), r.pattern()));
            if (!r.rule().isEmpty()) {
                item.append("  rule or limit: ").append(r.rule()).append('\n');
            }
            item.append("  advice: ").append(r.advice()).append('\n');
            if (!r.fixDiff().isEmpty()) {
                String diff = r.fixDiff().length() <= MAX_DIFF ? r.fixDiff()
                        : r.fixDiff().substring(0, MAX_DIFF) + "\n...";
                item.append("  the change that fixed it (experiment ").append(r.fixedBy()).append("):\n");
                diff.lines().forEach(l -> item.append("    ").append(l).append('\n'));
            }
            if (text.length() + item.length() > MAX_TEXT) {
                break;
            }
            text.append(item);
        }
        return text.toString();
    }
}
