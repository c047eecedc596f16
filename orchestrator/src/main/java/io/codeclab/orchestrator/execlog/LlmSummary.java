package io.codeclab.orchestrator.execlog;

import io.codeclab.orchestrator.propose.llm.LanguageModel;
import io.codeclab.orchestrator.propose.llm.LlmCallException;
import io.codeclab.orchestrator.propose.llm.LlmRequest;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A short summary of the analysis written by the configured language model. At most one call per
 * {@code minInterval} (default {@value #DEFAULT_INTERVAL_MINUTES} minutes) and none while the analysis is unchanged:
 * a dashboard that polls while experiments run does not pay per poll.
 */
public final class LlmSummary implements AnalysisSummary {

    private static final Logger LOG = LoggerFactory.getLogger(LlmSummary.class);
    static final int MAX = 2000;
    static final long DEFAULT_INTERVAL_MINUTES = 10;
    static final String SYSTEM = "You summarise the execution log of an automated search for video codecs written as"
            + " Python programs. Write at most five plain sentences for a researcher: what fails most, what got fixed"
            + " and how, what is still broken, and where time and money go. No lists, no code.";

    private final LanguageModel model;
    private final java.time.Clock clock;
    private final java.time.Duration minInterval;
    private String lastKey;
    private String lastSummary;
    private java.time.Instant lastAsked = java.time.Instant.MIN;

    public LlmSummary(LanguageModel model) {
        this(model, java.time.Clock.systemUTC(), java.time.Duration.ofMinutes(DEFAULT_INTERVAL_MINUTES));
    }

    public LlmSummary(LanguageModel model, java.time.Clock clock, java.time.Duration minInterval) {
        this.model = model;
        this.clock = clock;
        this.minInterval = minInterval;
    }

    /** The summary of {@code analysis}; an empty string when the model could not be asked (the reason is logged). */
    @Override
    public synchronized Optional<String> of(LogAnalysis analysis) {
        return Optional.of(summary(analysis));
    }

    private String summary(LogAnalysis analysis) {
        String prompt = prompt(analysis);
        var now = clock.instant();
        if (prompt.equals(lastKey) || (lastSummary != null && now.isBefore(lastAsked.plus(minInterval)))) {
            return lastSummary;
        }
        lastAsked = now;
        try {
            String text = model.complete(LlmRequest.of(SYSTEM, prompt)).text().strip();
            lastSummary = text.length() <= MAX ? text : text.substring(0, MAX);
            lastKey = prompt;
            return lastSummary;
        } catch (LlmCallException e) {
            LOG.warn("no LLM summary of the execution log (asked again in {}): {}", minInterval, e.getMessage());
            lastSummary = "";
            return "";
        }
    }

    static String prompt(LogAnalysis a) {
        var s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Records: %d since %s. Sessions: %d, fixed %d, unfixed %d, mean attempts"
                        + " to fix %.2f.%n", a.records(), a.since().isEmpty() ? "the start" : a.since(),
                a.sessions().total(), a.sessions().fixed(), a.sessions().unfixed(), a.sessions().meanAttemptsToFix()));
        s.append("Success rate per day:\n");
        a.successRate().perDay().forEach(d -> s.append(String.format(Locale.ROOT, "- %s: %d of %d%n", d.day(),
                d.passed(), d.attempts())));
        s.append("Top error patterns (type, stage, pattern, count, fixed):\n");
        a.patterns().stream().limit(10).forEach(p -> s.append(String.format(Locale.ROOT, "- %s, %s, %s, %d, %d%n",
                p.exceptionType(), p.stage(), p.pattern(), p.count(), p.fixed())));
        s.append("Stages (runs, seconds, usd):\n");
        a.stages().forEach(c -> s.append(String.format(Locale.ROOT, "- %s: %d, %.1f, %.4f%n", c.stage(), c.runs(),
                c.seconds(), c.usd())));
        return s.toString();
    }
}
