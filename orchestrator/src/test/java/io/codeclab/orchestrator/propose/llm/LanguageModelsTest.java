package io.codeclab.orchestrator.propose.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeclab.orchestrator.config.CodecLabConfig;
import io.codeclab.orchestrator.config.ConfigException;
import io.codeclab.orchestrator.propose.llm.ModelEndpoint.Provider;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The LLM settings as configured: validation messages, the single-model and the list form, keys. */
class LanguageModelsTest {

    private static CodecLabConfig config(String... pairs) {
        var map = new HashMap<String, String>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return CodecLabConfig.load(Optional.empty(), map, Map.of());
    }

    @Test
    void theOllamaExampleIsOneOpenAiCompatibleModelWithoutAKey() {
        var config = config("CODEC_LAB_PROPOSER", "openai", "CODEC_LAB_LLM_BASE_URL", "http://127.0.0.1:11434/v1",
                "CODEC_LAB_LLM_MODEL", "qwen2.5-coder");

        assertThat(LanguageModels.endpoints(config))
                .containsExactly(new ModelEndpoint(Provider.OPENAI, "qwen2.5-coder", "http://127.0.0.1:11434/v1"));
        var settings = LanguageModels.settings(config);
        assertThat(settings.timeLimit()).isEqualTo(Duration.ofSeconds(180));
        assertThat(settings.maxAttempts()).isEqualTo(4);
        assertThat(settings.breakerFailures()).isEqualTo(5);
        assertThat(settings.breakerWait()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.llm().dailyBudgetUsd()).isZero();
    }

    @Test
    void aListWinsOverTheSingleModelAndTakesProviderKeys() {
        var config = config("CODEC_LAB_PROPOSER", "anthropic", "CODEC_LAB_LLM_MODEL", "ignored",
                "CODEC_LAB_LLM_MODELS", "anthropic:claude-sonnet-4-5,openai:gpt-4o-mini",
                "CODEC_LAB_LLM_API_KEY", "k-all", "CODEC_LAB_LLM_OPENAI_API_KEY", "k-openai",
                "CODEC_LAB_LLM_TIME_LIMIT", "90s", "CODEC_LAB_LLM_DAILY_BUDGET_USD", "2.5");

        assertThat(LanguageModels.endpoints(config)).extracting(ModelEndpoint::name)
                .containsExactly("anthropic:claude-sonnet-4-5", "openai:gpt-4o-mini");
        assertThat(config.llm().apiKey("openai")).contains("k-openai");
        assertThat(config.llm().apiKey("anthropic")).contains("k-all");
        assertThat(config.llm().timeLimit()).isEqualTo(Duration.ofSeconds(90));
        assertThat(config.llm().dailyBudgetUsd()).isEqualTo(2.5);
        assertThat(config.describe()).containsEntry("CODEC_LAB_LLM_OPENAI_API_KEY", "****")
                .containsEntry("CODEC_LAB_LLM_API_KEY", "****");
    }

    @Test
    void badLlmSettingsNameTheSettingAndTheFix() {
        // The model may still come from Parameter Store when the first configuration is read: it is checked where
        // the models are built (and by the command line once every layer is in).
        var noModel = config("CODEC_LAB_PROPOSER", "openai");
        assertThatThrownBy(() -> LanguageModels.validate(noModel)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("CODEC_LAB_LLM_MODEL").hasMessageContaining("CODEC_LAB_LLM_MODELS");
        assertThatThrownBy(() -> config("CODEC_LAB_LLM_DAILY_BUDGET_USD", "-1"))
                .hasMessageContaining("CODEC_LAB_LLM_DAILY_BUDGET_USD").hasMessageContaining("non-negative");
        assertThatThrownBy(() -> config("CODEC_LAB_LLM_EXPLORATION", "1.5")).hasMessageContaining("0..1");
        assertThatThrownBy(() -> config("CODEC_LAB_LLM_TIME_LIMIT", "0s")).hasMessageContaining("positive duration");
        assertThatThrownBy(() -> config("CODEC_LAB_LLM_MAX_ATTEMPTS", "0")).hasMessageContaining("positive integer");
        var noKey = config("CODEC_LAB_PROPOSER", "openai", "CODEC_LAB_LLM_MODEL", "gpt-4o-mini");
        assertThatThrownBy(() -> LanguageModels.endpoints(noKey)).hasMessageContaining("needs a key")
                .hasMessageContaining("CODEC_LAB_LLM_API_KEY");
        var badPrices = config("CODEC_LAB_PROPOSER", "bedrock", "CODEC_LAB_LLM_MODEL", "amazon.nova-pro-v1:0",
                "CODEC_LAB_LLM_PRICES", "nova:1");
        assertThatThrownBy(() -> LanguageModels.validate(badPrices)).hasMessageContaining("CODEC_LAB_LLM_PRICES");
    }
}
