package io.codeclab.orchestrator.propose.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.codeclab.orchestrator.propose.llm.providers.Providers;
import io.codeclab.orchestrator.testing.FakeLlmServer;
import io.codeclab.orchestrator.testing.FakeLlmServer.Protocol;
import io.codeclab.orchestrator.testing.FakeLlmServer.Reply;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The real langchain4j OpenAI and Anthropic clients, behind {@link ResilientLanguageModel}, against
 * {@link FakeLlmServer}s on 127.0.0.1: answers, accounting, truncation, retries (Retry-After, 5xx),
 * the time limit and the circuit breaker, each pinned by the number of requests the server saw.
 */
class LlmProvidersIT {

    static final String KEY = "sk-test-5f1c0d2e9a8b7c6d";
    /** USD per million tokens: 1200 in and 300 out cost (1200 * 2.5 + 300 * 10) / 1e6 = 0.006 USD. */
    static final Accounting PRICES = Accounting.parse("test", "fake-model:2.5:10");
    static final LlmSettings FAST = LlmSettings.DEFAULTS
            .withTimeLimit(Duration.ofSeconds(5))
            .withRetries(3, Duration.ofMillis(20), Duration.ofSeconds(10));

    private FakeLlmServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    static ModelEndpoint endpoint(FakeLlmServer server) {
        var provider = server.protocol() == Protocol.OPENAI ? ModelEndpoint.Provider.OPENAI : ModelEndpoint.Provider.ANTHROPIC;
        return ModelEndpoint.of("test", provider, "fake-model", server.baseUrl());
    }

    static ResilientLanguageModel model(FakeLlmServer server, LlmSettings settings, DailyBudget budget) {
        var endpoint = endpoint(server);
        var provider = Providers.create(endpoint, KEY, new Providers.Settings(settings.timeLimit(),
                settings.maxOutputTokens()), e -> {
                    throw new AssertionError("no Bedrock here");
                });
        return new ResilientLanguageModel(Map.of(endpoint, provider), settings, PRICES, budget,
                new ModelBandit(0, new Random(1), List::of));
    }

    private ResilientLanguageModel start(Protocol protocol, LlmSettings settings) {
        server = FakeLlmServer.start(protocol);
        return model(server, settings, DailyBudget.unlimited());
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aNormalAnswerComesBackWithTokensCostAndTheModelsName(Protocol protocol) {
        var model = start(protocol, FAST);
        server.enqueue(Reply.text("def encode(): pass", 1200, 300));

        LlmReply reply = model.complete(LlmRequest.of("You write codecs.", "Improve the champion."));

        assertThat(reply.text()).isEqualTo("def encode(): pass");
        assertThat(reply.model()).isEqualTo(protocol == Protocol.OPENAI ? "openai:fake-model" : "anthropic:fake-model");
        assertThat(reply.usage().inputTokens()).isEqualTo(1200);
        assertThat(reply.usage().outputTokens()).isEqualTo(300);
        assertThat(reply.usage().costUsd()).isCloseTo(0.006, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(reply.usage().latencyMillis()).isBetween(0L, 5_000L);
        assertThat(reply.truncated()).isFalse();
        assertThat(server.requests()).isEqualTo(1);
        var request = server.received().get(0);
        assertThat(request.body()).contains("You write codecs.").contains("Improve the champion.").contains("fake-model");
        if (protocol == Protocol.OPENAI) {
            assertThat(request.path()).isEqualTo("/v1/chat/completions");
            assertThat(request.header("Authorization")).isEqualTo("Bearer " + KEY);
        } else {
            assertThat(request.path()).isEqualTo("/v1/messages");
            assertThat(request.header("x-api-key")).isEqualTo(KEY);
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void anAnswerStoppedAtTheOutputLimitIsMarkedTruncated(Protocol protocol) {
        var model = start(protocol, FAST);
        server.enqueue(Reply.truncated("def encode(frames):\n    for f in", 900, 8192));

        LlmReply reply = model.complete(LlmRequest.of("s", "u"));

        assertThat(reply.truncated()).isTrue();
        assertThat(reply.text()).isEqualTo("def encode(frames):\n    for f in");
        assertThat(reply.usage().outputTokens()).isEqualTo(8192);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void a429WithRetryAfterIsRetriedAfterThatLong(Protocol protocol) {
        var model = start(protocol, FAST);
        server.enqueue(Reply.rateLimited(2), Reply.text("ok", 10, 5));

        long start = System.nanoTime();
        LlmReply reply = model.complete(LlmRequest.of("s", "u"));
        long waited = Duration.ofNanos(System.nanoTime() - start).toMillis();

        assertThat(reply.text()).isEqualTo("ok");
        assertThat(server.requests()).isEqualTo(2);
        // Retry-After: 2 s, not the 20 ms back-off.
        assertThat(waited).isBetween(1_900L, 4_000L);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void serverErrorsAreRetriedThenReportedAsProviderError(Protocol protocol) {
        var model = start(protocol, FAST);
        server.otherwise(Reply.status(500));

        var e = catchThrowableOfType(() -> model.complete(LlmRequest.of("s", "u")), LlmCallException.class);

        assertThat(e.kind()).isEqualTo("ProviderError");
        assertThat(e.getMessage()).contains("HTTP 500").contains("after 3 attempts");
        assertThat(server.requests()).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aRefusalIsNotRetried(Protocol protocol) {
        var model = start(protocol, FAST);
        server.otherwise(Reply.status(401, "invalid api key"));

        var e = catchThrowableOfType(() -> model.complete(LlmRequest.of("s", "u")), LlmCallException.class);

        assertThat(e.kind()).isEqualTo("Refused");
        assertThat(e.getMessage()).contains("HTTP 401").contains("invalid api key");
        assertThat(server.requests()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aHangPastTheTimeLimitIsATimeout(Protocol protocol) {
        var model = start(protocol, FAST.withTimeLimit(Duration.ofMillis(1500))
                .withRetries(2, Duration.ofMillis(20), Duration.ofSeconds(1)));
        server.otherwise(Reply.hang(Duration.ofSeconds(20), Reply.text("too late")));

        long start = System.nanoTime();
        var e = catchThrowableOfType(() -> model.complete(LlmRequest.of("s", "u")), LlmCallException.class);
        long took = Duration.ofNanos(System.nanoTime() - start).toMillis();

        assertThat(e.kind()).isEqualTo("Timeout");
        assertThat(server.requests()).isEqualTo(2);
        assertThat(took).isBetween(3_000L, 9_000L);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void theBreakerOpensAfterFailedCallsFailsFastAndClosesAfterItsWait(Protocol protocol) {
        var model = start(protocol, FAST.withRetries(1, Duration.ofMillis(10), Duration.ofSeconds(1))
                .withBreaker(2, Duration.ofMillis(1500)));
        server.enqueue(Reply.status(503), Reply.status(502));

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> model.complete(LlmRequest.of("s", "u")))
                    .isInstanceOfSatisfying(LlmCallException.class, e -> assertThat(e.kind()).isEqualTo("ProviderError"));
        }
        assertThat(server.requests()).isEqualTo(2);
        assertThat(model.status().get(0).breakerState()).isEqualTo("OPEN");

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> model.complete(LlmRequest.of("s", "u")))
                    .isInstanceOfSatisfying(LlmCallException.class, e -> assertThat(e.kind()).isEqualTo("BreakerOpen"));
        }
        assertThat(server.requests()).as("an open breaker fails fast without reaching the server").isEqualTo(2);

        server.enqueue(Reply.text("back", 10, 5));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> !model.status().get(0).breakerState().equals("OPEN"));
        assertThat(model.complete(LlmRequest.of("s", "u")).text()).isEqualTo("back");
        assertThat(server.requests()).isEqualTo(3);
        assertThat(model.status().get(0).breakerState()).isEqualTo("CLOSED");
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void theBudgetStopsCallsOnceSpent(Protocol protocol) {
        server = FakeLlmServer.start(protocol);
        var budget = new DailyBudget(0.01, DailySpendStore.inMemory(), java.time.Clock.systemUTC());
        var model = model(server, FAST, budget);
        server.otherwise(Reply.text("ok", 1200, 300)); // 0.006 USD each

        model.complete(LlmRequest.of("s", "u"));
        model.complete(LlmRequest.of("s", "u"));
        var e = catchThrowableOfType(() -> model.complete(LlmRequest.of("s", "u")), LlmCallException.class);

        assertThat(e.kind()).isEqualTo("Budget");
        assertThat(e.getMessage()).contains("0.0120 USD of 0.01 USD").contains("CODEC_LAB_LLM_DAILY_BUDGET_USD");
        assertThat(server.requests()).isEqualTo(2);
        assertThat(budget.spentToday()).isCloseTo(0.012, org.assertj.core.data.Offset.offset(1e-12));
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void theRateLimiterHoldsCallsBeyondItsPermits(Protocol protocol) {
        var model = start(protocol, FAST.withTimeLimit(Duration.ofSeconds(2)).withCallsPerMinute(2));
        server.otherwise(Reply.text("ok", 10, 5));

        model.complete(LlmRequest.of("s", "u"));
        model.complete(LlmRequest.of("s", "u"));
        long start = System.nanoTime();
        var e = catchThrowableOfType(() -> model.complete(LlmRequest.of("s", "u")), LlmCallException.class);
        long waited = Duration.ofNanos(System.nanoTime() - start).toMillis();

        assertThat(e.kind()).isEqualTo("RateLimited");
        assertThat(e.getMessage()).contains("more than 2 calls per minute");
        assertThat(server.requests()).isEqualTo(2);
        assertThat(waited).as("waits up to the time limit for a permit").isBetween(1_800L, 5_000L);
    }
}
