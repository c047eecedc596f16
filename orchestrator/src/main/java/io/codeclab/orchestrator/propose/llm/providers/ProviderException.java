package io.codeclab.orchestrator.propose.llm.providers;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One provider call failed. {@link #failure()} says whether trying again can help (throttling, server
 * errors, time-outs, broken connections) and {@link #retryAfter()} how long the provider asked us to wait.
 * Messages name the model and the HTTP status, never the API key.
 */
public class ProviderException extends RuntimeException {

    /** Why a call failed, as far as the caller can act on it. */
    public enum Failure {
        /** 429 or a throttling exception: retry after the provider's Retry-After, or back off. */
        RATE_LIMITED(true),
        /** 5xx, a broken connection or an unreadable answer: retry with back-off. */
        SERVER_ERROR(true),
        /** No answer within the time limit: retry with back-off. */
        TIMEOUT(true),
        /** Any other 4xx: a bad key, an unknown model, a request the provider refuses. Retrying cannot help. */
        REFUSED(false);

        private final boolean retryable;

        Failure(boolean retryable) {
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    private final Failure failure;
    private final int statusCode;
    private final Duration retryAfter;

    public ProviderException(Failure failure, int statusCode, Duration retryAfter, String message, Throwable cause) {
        super(message, cause);
        this.failure = Objects.requireNonNull(failure, "failure");
        this.statusCode = statusCode;
        this.retryAfter = retryAfter;
    }

    public Failure failure() {
        return failure;
    }

    /** The HTTP status, or 0 when there was none (time-out, connection refused). */
    public int statusCode() {
        return statusCode;
    }

    /** How long the provider asked us to wait before the next call (a 429's or 503's Retry-After header). */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public boolean retryable() {
        return failure.retryable();
    }

    /** The failure a status code means. */
    public static Failure classify(int statusCode) {
        if (statusCode == 429) {
            return Failure.RATE_LIMITED;
        }
        if (statusCode == 408) {
            return Failure.TIMEOUT;
        }
        if (statusCode >= 500 || statusCode == 0) {
            return Failure.SERVER_ERROR;
        }
        return Failure.REFUSED;
    }
}
