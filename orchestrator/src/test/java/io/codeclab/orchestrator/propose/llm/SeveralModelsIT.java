package io.codeclab.orchestrator.propose.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeclab.orchestrator.config.CodecLabConfig;
import io.codeclab.orchestrator.propose.llm.ModelBandit.Outcome;
import io.codeclab.orchestrator.testing.FakeLlmServer;
import io.codeclab.orchestrator.testing.FakeLlmServer.Protocol;
import io.codeclab.orchestrator.testing.FakeLlmServer.Reply;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CODEC_LAB_LLM_MODELS with an OpenAI-compatible and an Anthropic server: the bandit's choice, the breaker's detour. */
class SeveralModelsIT {

    private FakeLlmServer openAi;
    private FakeLlmServer anthropic;

    @BeforeEach
    void start() {
        openAi = FakeLlmServer.start(Protocol.OPENAI);
        anthropic = FakeLlmServer.start(Protocol.ANTHROPIC);
    }

    @AfterEach
    void stop() {
        openAi.close();
        anthropic.close();
    }

    private ResilientLanguageModel model(Supplier<? extends Collection<Outcome>> history, String... more) {
        var settings = new HashMap<>(Map.of(
                CodecLabConfig.PROPOSER, "openai",
                CodecLabConfig.LLM_MODELS, "openai:small@" + openAi.baseUrl() + ", anthropic:large@" + anthropic.baseUrl(),
                CodecLabConfig.LLM_API_KEY, "k",
                CodecLabConfig.LLM_CALLS_PER_MINUTE, "1000",
                CodecLabConfig.LLM_MAX_ATTEMPTS, "1",
                CodecLabConfig.LLM_PRICES, "small:0.1:0.4,anthropic:large:3:15"));
        for (int i = 0; i < more.length; i += 2) {
            settings.put(more[i], more[i + 1]);
        }
        var config = CodecLabConfig.load(Optional.empty(), Map.of(), settings);
        return LanguageModels.fromConfig(config, (limit, uri) -> {
            throw new AssertionError("no Bedrock here");
        }, DailySpendStore.inMemory(), history);
    }

    @Test
    void theBanditSendsMostCallsToTheModelWhoseProgramsGetAdopted() {
        var history = new ArrayList<Outcome>();
        for (int i = 0; i < 20; i++) {
            history.add(new Outcome("anthropic:large", i < 8, i < 8 ? 3.0 : 0, 0.05));
            history.add(new Outcome("openai:small", false, 0, 0.01));
        }
        openAi.otherwise(Reply.text("from small", 100, 10));
        anthropic.otherwise(Reply.text("from large", 100, 10));
        var model = model(() -> history);

        var byModel = new HashMap<String, Integer>();
        for (int i = 0; i < 60; i++) {
            var reply = model.complete(LlmRequest.of("s", "u"));
            byModel.merge(reply.model(), 1, Integer::sum);
            assertThat(reply.text()).isEqualTo(reply.model().equals("openai:small") ? "from small" : "from large");
        }

        assertThat(byModel.get("anthropic:large")).isBetween(48, 60);
        assertThat(anthropic.requests()).isEqualTo(byModel.get("anthropic:large"));
        assertThat(openAi.requests()).isEqualTo(60 - byModel.get("anthropic:large"));
        assertThat(model.name()).isEqualTo("openai:small,anthropic:large");
    }

    @Test
    void whileOneModelsBreakerIsOpenEveryCallGoesToTheOther() {
        openAi.otherwise(Reply.status(503));
        anthropic.otherwise(Reply.text("ok", 100, 10));
        var model = model(List::of, CodecLabConfig.LLM_BREAKER_FAILURES, "1", CodecLabConfig.LLM_EXPLORATION, "1");

        int answered = 0;
        for (int i = 0; i < 30; i++) {
            try {
                var reply = model.complete(LlmRequest.of("s", "u"));
                assertThat(reply.model()).isEqualTo("anthropic:large");
                answered++;
            } catch (LlmCallException e) {
                assertThat(e.kind()).isEqualTo("ProviderError");
            }
        }

        // Uniform picks reach the failing model early; one failure opens its breaker for 5 minutes.
        assertThat(openAi.requests()).isEqualTo(1);
        assertThat(answered).isEqualTo(29);
        assertThat(model.status()).extracting(ResilientLanguageModel.ModelStatus::breakerState)
                .containsExactly("OPEN", "CLOSED");
    }
}
