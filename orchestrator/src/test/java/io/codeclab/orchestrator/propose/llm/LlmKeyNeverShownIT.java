package io.codeclab.orchestrator.propose.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.codeclab.orchestrator.config.CodecLabConfig;
import io.codeclab.orchestrator.testing.FakeLlmServer;
import io.codeclab.orchestrator.testing.FakeLlmServer.Protocol;
import io.codeclab.orchestrator.testing.FakeLlmServer.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/**
 * The API key reaches the provider (in its header) and nowhere else: not in any log line at DEBUG (messages,
 * arguments, stack traces), not in any exception message or cause, even when the provider echoes the key
 * back in an error body, and not in the configuration's description.
 */
class LlmKeyNeverShownIT {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private Level rootLevel;

    @BeforeEach
    void capture() {
        rootLevel = root.getLevel();
        root.setLevel(Level.DEBUG);
        appender.start();
        root.addAppender(appender);
    }

    @AfterEach
    void release() {
        root.detachAppender(appender);
        root.setLevel(rootLevel);
    }

    @ParameterizedTest
    @EnumSource(value = Protocol.class, names = {"OPENAI", "ANTHROPIC"})
    void theKeyAppearsInNoLogLineAndNoExceptionMessage(Protocol protocol) {
        String key = LlmProvidersIT.KEY;
        var thrown = new ArrayList<Throwable>();
        try (var server = FakeLlmServer.start(protocol)) {
            var config = CodecLabConfig.load(Optional.empty(), Map.of(), Map.of(
                    CodecLabConfig.PROPOSER, protocol.name().toLowerCase(java.util.Locale.ROOT),
                    CodecLabConfig.LLM_MODEL, "fake-model",
                    CodecLabConfig.LLM_BASE_URL, server.baseUrl(),
                    CodecLabConfig.LLM_API_KEY, key,
                    CodecLabConfig.LLM_TIME_LIMIT, "3s",
                    CodecLabConfig.LLM_MAX_ATTEMPTS, "2",
                    CodecLabConfig.LLM_BREAKER_FAILURES, "3",
                    CodecLabConfig.LLM_PRICES, "fake-model:2.5:10"));
            var model = LanguageModels.fromConfig(config, (limit, uri) -> {
                throw new AssertionError("no Bedrock here");
            }, DailySpendStore.inMemory(), List::of);
            server.enqueue(
                    Reply.text("fine", 10, 5),
                    Reply.status(401, "Incorrect API key provided: " + key + ". Find your key at ..."),
                    Reply.status(500, "internal error while serving key " + key),
                    Reply.status(500, "internal error while serving key " + key),
                    Reply.hang(Duration.ofSeconds(10), Reply.text("late")),
                    Reply.hang(Duration.ofSeconds(10), Reply.text("late")));

            assertThat(model.complete(LlmRequest.of("s", "u")).text()).isEqualTo("fine");
            for (String expected : List.of("Refused", "ProviderError", "Timeout", "BreakerOpen")) {
                var e = catchThrowableOfType(() -> model.complete(LlmRequest.of("s", "u")), LlmCallException.class);
                assertThat(e.kind()).isEqualTo(expected);
                thrown.add(e);
            }
            // The key did go to the provider, in the protocol's header.
            var first = server.received().get(0);
            assertThat(protocol == Protocol.OPENAI ? first.header("Authorization") : first.header("x-api-key"))
                    .contains(key);
            assertThat(thrown.get(0).getMessage()).contains("Incorrect API key provided: ****");
            assertThat(config.describe()).containsEntry(CodecLabConfig.LLM_API_KEY, "****");
            assertThat(config.describe().toString()).doesNotContain(key);
        }

        for (Throwable t : thrown) {
            for (Throwable c = t; c != null; c = c.getCause()) {
                assertThat(String.valueOf(c.getMessage())).as("message of %s", c.getClass()).doesNotContain(key);
                assertThat(c.toString()).doesNotContain(key);
            }
        }
        assertThat(appender.list).as("log events captured").hasSizeGreaterThan(3);
        for (ILoggingEvent event : appender.list) {
            assertThat(event.getFormattedMessage()).doesNotContain(key);
            for (IThrowableProxy p = event.getThrowableProxy(); p != null; p = p.getCause()) {
                assertThat(String.valueOf(p.getMessage())).doesNotContain(key);
            }
        }
    }
}
