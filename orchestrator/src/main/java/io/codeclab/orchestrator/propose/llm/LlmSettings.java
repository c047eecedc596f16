package io.codeclab.orchestrator.propose.llm;

import java.time.Duration;
import java.util.Objects;

/**
 * How calls to models are guarded (docs: README configuration table, {@code CODEC_LAB_LLM_*}).
 *
 * @param timeLimit         the longest one attempt may take (resilience4j time limiter and the HTTP read timeout)
 * @param maxAttempts       attempts per call, the first included (retries on 429, 5xx, time-outs)
 * @param backoffBase       the first retry's wait without a Retry-After; doubles per retry, half-jittered
 * @param maxRetryWait      the longest wait between attempts; a Retry-After beyond it ends the call (RateLimited)
 * @param breakerFailures   failed calls in a row (after their retries) that open a model's circuit breaker
 * @param breakerWait       how long an open breaker fails calls fast before letting one trial call through
 * @param callsPerMinute    per model; a call waits up to {@code timeLimit} for a permit, else fails RateLimited
 * @param maxOutputTokens   the output limit sent with every request; an answer that hits it is truncated
 * @param explorationFloor  the share of calls the bandit spends on a uniformly chosen model (0..1)
 */
public record LlmSettings(Duration timeLimit, int maxAttempts, Duration backoffBase, Duration maxRetryWait,
                          int breakerFailures, Duration breakerWait, int callsPerMinute, int maxOutputTokens,
                          double explorationFloor) {

    public static final LlmSettings DEFAULTS = new LlmSettings(Duration.ofSeconds(180), 4, Duration.ofSeconds(2),
            Duration.ofSeconds(60), 5, Duration.ofMinutes(5), 20, 8192, 0.1);

    public LlmSettings {
        Objects.requireNonNull(timeLimit, "timeLimit");
        Objects.requireNonNull(backoffBase, "backoffBase");
        Objects.requireNonNull(maxRetryWait, "maxRetryWait");
        Objects.requireNonNull(breakerWait, "breakerWait");
        if (timeLimit.isZero() || timeLimit.isNegative() || maxAttempts < 1 || breakerFailures < 1
                || callsPerMinute < 1 || maxOutputTokens < 1 || explorationFloor < 0 || explorationFloor > 1
                || backoffBase.isNegative() || maxRetryWait.isNegative() || breakerWait.isNegative()) {
            throw new IllegalArgumentException("invalid LLM settings: " + this);
        }
    }

    public LlmSettings withTimeLimit(Duration d) {
        return new LlmSettings(d, maxAttempts, backoffBase, maxRetryWait, breakerFailures, breakerWait,
                callsPerMinute, maxOutputTokens, explorationFloor);
    }

    public LlmSettings withRetries(int attempts, Duration base, Duration maxWait) {
        return new LlmSettings(timeLimit, attempts, base, maxWait, breakerFailures, breakerWait,
                callsPerMinute, maxOutputTokens, explorationFloor);
    }

    public LlmSettings withBreaker(int failures, Duration wait) {
        return new LlmSettings(timeLimit, maxAttempts, backoffBase, maxRetryWait, failures, wait,
                callsPerMinute, maxOutputTokens, explorationFloor);
    }

    public LlmSettings withCallsPerMinute(int perMinute) {
        return new LlmSettings(timeLimit, maxAttempts, backoffBase, maxRetryWait, breakerFailures, breakerWait,
                perMinute, maxOutputTokens, explorationFloor);
    }
}
