package io.codeclab.orchestrator.propose.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.codeclab.orchestrator.config.ConfigException;
import io.codeclab.orchestrator.experiment.LlmUsage;
import io.codeclab.orchestrator.propose.llm.ModelEndpoint.Provider;
import org.junit.jupiter.api.Test;

class AccountingTest {

    private static final ModelEndpoint GPT = new ModelEndpoint(Provider.OPENAI, "gpt-4o-mini", "");
    private static final ModelEndpoint NOVA = new ModelEndpoint(Provider.BEDROCK, "amazon.nova-pro-v1:0", "");
    private static final ModelEndpoint QWEN = new ModelEndpoint(Provider.OPENAI, "qwen2.5-coder", "http://127.0.0.1:11434/v1");

    @Test
    void pricesAreLookedUpByFullNameThenByModelAndModelNamesMayHoldColons() {
        var accounting = Accounting.parse("P", "gpt-4o-mini:0.15:0.60, bedrock:amazon.nova-pro-v1:0:0.8:3.2");

        // 2000 * 0.15 / 1e6 + 1000 * 0.60 / 1e6
        assertThat(accounting.cost(GPT, 2000, 1000)).isCloseTo(0.0009, offset(1e-15));
        assertThat(accounting.cost(NOVA, 1_000_000, 500_000)).isCloseTo(0.8 + 1.6, offset(1e-12));
        assertThat(accounting.cost(QWEN, 1_000_000, 1_000_000)).isZero();
        assertThat(accounting.price(QWEN)).isEmpty();
    }

    @Test
    void malformedPricesNameTheSetting() {
        assertThatThrownBy(() -> Accounting.parse("CODEC_LAB_LLM_PRICES", "gpt-4o-mini:0.15"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("CODEC_LAB_LLM_PRICES")
                .hasMessageContaining("gpt-4o-mini:0.15");
        assertThatThrownBy(() -> Accounting.parse("CODEC_LAB_LLM_PRICES", "gpt:x:1"))
                .hasMessageContaining("non-negative prices");
        assertThatThrownBy(() -> Accounting.parse("CODEC_LAB_LLM_PRICES", "gpt:-1:1"))
                .hasMessageContaining("non-negative prices");
    }

    @Test
    void usageSums() {
        var sum = Accounting.sum(new LlmUsage(10, 20, 0.5, 100), new LlmUsage(1, 2, 0.25, 50));
        assertThat(sum).isEqualTo(new LlmUsage(11, 22, 0.75, 150));
    }

    @Test
    void modelListsMixProvidersAndTakeTheDefaultUrlOnlyForTheirProvider() {
        var list = ModelEndpoint.parseList("M", "openai:qwen2.5-coder:7b, anthropic:claude-sonnet-4-5@http://127.0.0.1:9/v1,"
                + " bedrock:amazon.nova-pro-v1:0", Provider.OPENAI, "http://127.0.0.1:11434/v1");

        assertThat(list).containsExactly(
                new ModelEndpoint(Provider.OPENAI, "qwen2.5-coder:7b", "http://127.0.0.1:11434/v1"),
                new ModelEndpoint(Provider.ANTHROPIC, "claude-sonnet-4-5", "http://127.0.0.1:9/v1"),
                new ModelEndpoint(Provider.BEDROCK, "amazon.nova-pro-v1:0", ""));
        assertThat(list.get(0).name()).isEqualTo("openai:qwen2.5-coder:7b");
    }

    @Test
    void badModelListsNameTheEntry() {
        assertThatThrownBy(() -> ModelEndpoint.parseList("M", "gpt-4o", Provider.OPENAI, ""))
                .hasMessageContaining("'gpt-4o' is not provider:model");
        assertThatThrownBy(() -> ModelEndpoint.parseList("M", "mistral:large", Provider.OPENAI, ""))
                .hasMessageContaining("'mistral' is not a model provider");
        assertThatThrownBy(() -> ModelEndpoint.parseList("M", "openai:a,openai:a", Provider.OPENAI, ""))
                .hasMessageContaining("openai:a is listed twice");
        assertThatThrownBy(() -> ModelEndpoint.parseList("M", "openai:a@http//x", Provider.OPENAI, ""))
                .hasMessageContaining("'http//x' is not an http(s) URL");
    }
}
