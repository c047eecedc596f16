package io.codeclab.orchestrator.propose.llm;

import io.codeclab.orchestrator.experiment.LlmUsage;
import io.codeclab.orchestrator.propose.llm.providers.ChatProvider;
import io.codeclab.orchestrator.propose.llm.providers.ProviderAnswer;
import io.codeclab.orchestrator.propose.llm.providers.ProviderException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link LanguageModel} the LLM proposer uses: one or several models, each behind its own resilience4j
 * circuit breaker, retry (exponential back-off with jitter on 429, 5xx and time-outs, honouring
 * Retry-After), rate limiter and time limiter; a bandit picks the model per call; every answer is
 * accounted (tokens, latency, cost) against the daily budget.
 *
 * <p>Order per call: budget check, bandit pick among models whose breaker is not open, then
 * breaker( retry( rate limiter( time limiter( provider call )))). So one call that fails after all its
 * retries counts once towards its breaker, and an open breaker fails fast without reaching the provider.
 */
public final class ResilientLanguageModel implements LanguageModel {

    private static final Logger log = LoggerFactory.getLogger(ResilientLanguageModel.class);

    /** What a model's guard looks like right now: for logs and the daemon's status. */
    public record ModelStatus(String model, String breakerState, long failedCalls, long notPermittedCalls) {
    }

    private final Map<String, GuardedModel> models;
    private final Accounting accounting;
    private final DailyBudget budget;
    private final ModelBandit bandit;
    private final LlmSettings settings;
    private final ExecutorService calls;

    public ResilientLanguageModel(Map<ModelEndpoint, ChatProvider> providers, LlmSettings settings,
                                  Accounting accounting, DailyBudget budget, ModelBandit bandit) {
        if (providers.isEmpty()) {
            throw new IllegalArgumentException("at least one model is needed");
        }
        this.settings = Objects.requireNonNull(settings, "settings");
        this.accounting = Objects.requireNonNull(accounting, "accounting");
        this.budget = Objects.requireNonNull(budget, "budget");
        this.bandit = Objects.requireNonNull(bandit, "bandit");
        var threads = new AtomicInteger();
        this.calls = Executors.newCachedThreadPool(r -> {
            var t = new Thread(r, "llm-call-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        var map = new LinkedHashMap<String, GuardedModel>();
        providers.forEach((endpoint, provider) -> map.put(endpoint.name(), new GuardedModel(endpoint, provider)));
        this.models = map;
    }

    @Override
    public String name() {
        return String.join(",", models.keySet());
    }

    public List<ModelStatus> status() {
        return models.values().stream().map(m -> new ModelStatus(m.endpoint.name(),
                m.breaker.getState().name(), m.breaker.getMetrics().getNumberOfFailedCalls(),
                m.breaker.getMetrics().getNumberOfNotPermittedCalls())).toList();
    }

    @Override
    public LlmReply complete(LlmRequest request) {
        budget.check();
        var available = new ArrayList<String>();
        models.forEach((name, m) -> {
            var state = m.breaker.getState();
            if (state != CircuitBreaker.State.OPEN && state != CircuitBreaker.State.FORCED_OPEN) {
                available.add(name);
            }
        });
        if (available.isEmpty()) {
            String message = "no model is called: the circuit breaker of " + (models.size() == 1 ? "" : "every model, ")
                    + name() + ", is open after " + settings.breakerFailures() + " failed calls in a row; it lets a"
                    + " trial call through " + settings.breakerWait().toSeconds() + " s after opening"
                    + " (CODEC_LAB_LLM_BREAKER_WAIT)";
            log.warn(message);
            throw new LlmCallException("BreakerOpen", message);
        }
        GuardedModel model = models.get(bandit.pick(available));
        long start = System.nanoTime();
        ProviderAnswer answer = model.call(request);
        long latency = Duration.ofNanos(System.nanoTime() - start).toMillis();
        double cost = accounting.cost(model.endpoint, answer.inputTokens(), answer.outputTokens());
        budget.record(cost);
        var usage = new LlmUsage(answer.inputTokens(), answer.outputTokens(), cost, latency);
        log.info("model {} answered: {} tokens in, {} out, {} ms, {} USD{}", model.endpoint.name(), usage.inputTokens(),
                usage.outputTokens(), latency, String.format(Locale.ROOT, "%.6f", cost),
                answer.truncated() ? " (truncated at the output limit)" : "");
        return new LlmReply(answer.text(), model.endpoint.name(), usage, answer.truncated());
    }

    /** One model with its breaker, retry, rate limiter and time limiter. */
    private final class GuardedModel {
        final ModelEndpoint endpoint;
        final ChatProvider provider;
        final CircuitBreaker breaker;
        final Retry retry;
        final RateLimiter limiter;
        final TimeLimiter timeLimiter;
        final RandomGenerator jitter = RandomGenerator.getDefault();

        GuardedModel(ModelEndpoint endpoint, ChatProvider provider) {
            this.endpoint = endpoint;
            this.provider = provider;
            String name = endpoint.name();
            this.breaker = CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                    .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                    .slidingWindowSize(settings.breakerFailures())
                    .minimumNumberOfCalls(settings.breakerFailures())
                    .failureRateThreshold(100)
                    .waitDurationInOpenState(settings.breakerWait())
                    .automaticTransitionFromOpenToHalfOpenEnabled(true)
                    .permittedNumberOfCallsInHalfOpenState(1)
                    .recordException(e -> e instanceof ProviderException)
                    .ignoreExceptions(RequestNotPermitted.class)
                    .build());
            breaker.getEventPublisher().onStateTransition(e -> log.warn("model {}: circuit breaker {}", name,
                    switch (e.getStateTransition().getToState()) {
                        case OPEN -> "OPEN after " + settings.breakerFailures() + " failed calls in a row; calls fail"
                                + " fast for " + settings.breakerWait().toSeconds() + " s";
                        case HALF_OPEN -> "HALF_OPEN: the next call is a trial";
                        case CLOSED -> "CLOSED: calls go through again";
                        default -> e.getStateTransition().getToState().name();
                    }));
            this.retry = Retry.of(name, RetryConfig.<ProviderAnswer>custom()
                    .maxAttempts(settings.maxAttempts())
                    .retryOnException(this::retryable)
                    .intervalBiFunction(backoff())
                    .failAfterMaxAttempts(false)
                    .build());
            retry.getEventPublisher().onRetry(e -> log.warn("model {}: attempt {} of {} failed ({}); next in {} ms", name,
                    e.getNumberOfRetryAttempts(), settings.maxAttempts(),
                    e.getLastThrowable() == null ? "?" : e.getLastThrowable().getMessage(), e.getWaitInterval().toMillis()));
            this.limiter = RateLimiter.of(name, RateLimiterConfig.custom()
                    .limitForPeriod(settings.callsPerMinute())
                    .limitRefreshPeriod(Duration.ofMinutes(1))
                    .timeoutDuration(settings.timeLimit())
                    .build());
            this.timeLimiter = TimeLimiter.of(name, TimeLimiterConfig.custom()
                    .timeoutDuration(settings.timeLimit())
                    .cancelRunningFuture(true)
                    .build());
        }

        /** Throttling, server errors and time-outs; not a Retry-After longer than we are willing to wait. */
        private boolean retryable(Throwable e) {
            return e instanceof ProviderException p && p.retryable()
                    && p.retryAfter().map(d -> d.compareTo(settings.maxRetryWait()) <= 0).orElse(true);
        }

        /** Retry-After when the provider sent one; else base * 2^(n-1), capped, half-jittered. */
        private IntervalBiFunction<ProviderAnswer> backoff() {
            return (attempt, outcome) -> {
                if (outcome.isLeft() && outcome.getLeft() instanceof ProviderException p && p.retryAfter().isPresent()) {
                    return p.retryAfter().get().toMillis();
                }
                double exponential = settings.backoffBase().toMillis() * Math.pow(2, Math.max(0, attempt - 1));
                double capped = Math.min(exponential, settings.maxRetryWait().toMillis());
                return Math.round(capped / 2 + jitter.nextDouble() * capped / 2);
            };
        }

        ProviderAnswer call(LlmRequest request) {
            Callable<ProviderAnswer> attempt = () -> {
                RateLimiter.waitForPermission(limiter);
                return timeLimited(request);
            };
            try {
                return breaker.executeCallable(Retry.decorateCallable(retry, attempt));
            } catch (CallNotPermittedException e) {
                String message = "model " + endpoint.name() + " is not called: its circuit breaker is open after "
                        + settings.breakerFailures() + " failed calls in a row (trial call after "
                        + settings.breakerWait().toSeconds() + " s, CODEC_LAB_LLM_BREAKER_WAIT)";
                log.warn(message);
                throw new LlmCallException("BreakerOpen", message, e);
            } catch (RequestNotPermitted e) {
                throw new LlmCallException("RateLimited", "model " + endpoint.name() + ": more than "
                        + settings.callsPerMinute() + " calls per minute (CODEC_LAB_LLM_CALLS_PER_MINUTE)", e);
            } catch (ProviderException e) {
                throw new LlmCallException(kind(e.failure()), e.getMessage()
                        + attemptsNote(e), e);
            } catch (LlmCallException e) {
                throw e;
            } catch (Exception e) {
                throw new LlmCallException("ProviderError", "model " + endpoint.name() + " failed: " + e, e);
            }
        }

        private String attemptsNote(ProviderException e) {
            if (!e.retryable()) {
                return "";
            }
            if (e.retryAfter().isPresent() && e.retryAfter().get().compareTo(settings.maxRetryWait()) > 0) {
                return " (it asked for a wait of " + e.retryAfter().get().toSeconds() + " s, beyond"
                        + " CODEC_LAB_LLM_MAX_RETRY_WAIT=" + settings.maxRetryWait().toSeconds() + "s)";
            }
            return " (after " + settings.maxAttempts() + " attempts)";
        }

        private ProviderAnswer timeLimited(LlmRequest request) throws Exception {
            try {
                return timeLimiter.executeFutureSupplier(() -> calls.submit(() -> provider.send(request)));
            } catch (TimeoutException e) {
                throw new ProviderException(ProviderException.Failure.TIMEOUT, 0, null, "model " + endpoint.name()
                        + " did not answer within " + settings.timeLimit().toMillis() + " ms (CODEC_LAB_LLM_TIME_LIMIT)",
                        null);
            }
        }
    }

    private static String kind(ProviderException.Failure failure) {
        return switch (failure) {
            case RATE_LIMITED -> "RateLimited";
            case SERVER_ERROR -> "ProviderError";
            case TIMEOUT -> "Timeout";
            case REFUSED -> "Refused";
        };
    }
}
