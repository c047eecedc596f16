package io.codeclab.orchestrator.execlog;

import java.util.List;

/**
 * The analysis of the execution log, in the shape {@code GET /api/logs/analysis} and {@code analyze-logs --json}
 * return it. {@code llmSummary} is null (left out of the JSON) when no language model is configured.
 */
public record LogAnalysis(int records, String since, SuccessRate successRate, List<Pattern> patterns,
                          SessionCounts sessions, List<Unfixed> unfixed, List<StageCost> stages,
                          List<Recommendation> recommendations, List<Session> sessionList, String llmSummary) {

    public record SuccessRate(List<Day> perDay, List<Window> perWindow) {
    }

    public record Day(String day, int attempts, int passed, double rate) {
    }

    public record Window(String from, String to, int experiments, double rate) {
    }

    public record Pattern(String exceptionType, String stage, String pattern, int count, int fixed, int unfixed,
                          String lastSeen) {
    }

    public record SessionCounts(int total, int fixed, int unfixed, double meanAttemptsToFix) {
    }

    public record Unfixed(String sessionId, String experimentId, String stage, String exceptionType, String message,
                          String at) {
    }

    public record StageCost(String stage, int runs, double seconds, double usd) {
    }

    /**
     * What failed ({@code exceptionType}, {@code stage}, {@code pattern}), how often, the policy rule or limit
     * involved, advice, and the diff that fixed it before ({@code fixedBy} the experiment; both empty when never fixed).
     */
    public record Recommendation(String pattern, String exceptionType, String stage, int count, int fixed,
                                 String rule, String advice, String fixedBy, String fixDiff) {
    }

    /** One session: the failure that opened it, its attempts, and the attempt that fixed it (empty when unfixed). */
    public record Session(String sessionId, String stage, String exceptionType, String pattern, int attempts,
                          boolean fixed, String fixedBy, int attemptsToFix, String openedAt) {
    }

    public LogAnalysis withLlmSummary(String summary) {
        return new LogAnalysis(records, since, successRate, patterns, sessions, unfixed, stages, recommendations,
                sessionList, summary);
    }
}
