package io.codeclab.orchestrator.experiment;

/** What proposing a program cost. The offline proposer costs nothing. */
public record LlmUsage(long inputTokens, long outputTokens, double costUsd, long latencyMillis) {
    public static final LlmUsage NONE = new LlmUsage(0, 0, 0.0, 0);

    /** Both costs together (a follow-up call, a proposal asked again). */
    public LlmUsage plus(LlmUsage other) {
        return new LlmUsage(inputTokens + other.inputTokens, outputTokens + other.outputTokens,
                costUsd + other.costUsd, latencyMillis + other.latencyMillis);
    }
}
