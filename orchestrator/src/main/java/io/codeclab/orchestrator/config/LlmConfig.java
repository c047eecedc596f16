package io.codeclab.orchestrator.config;

import static io.codeclab.orchestrator.config.CodecLabConfig.LLM_ANTHROPIC_API_KEY;
import static io.codeclab.orchestrator.config.CodecLabConfig.LLM_API_KEY;
import static io.codeclab.orchestrator.config.CodecLabConfig.LLM_BREAKER_FAILURES;
import static io.codeclab.orchestrator.config.CodecLabConfig.LLM_BREAKER_WAIT;
import static io.codeclab.orchestrator.config.CodecLabConfig.LLM_CALLS_PER_MINUTE;
import static io.codeclab.orchestrator.config.CodecLabConfig.LLM_DAILY_BUDGET_USD;
import static io.codeclab.orchestrator.config.CodecLabConfig.LLM_EXPLORATION;
import static io.codeclab.orchestrator.config.CodecLabConfig.LLM_MAX_ATTEMPTS;
import static io.codeclab.orchestrator.config.CodecLabConfig.LLM_MAX_OUTPUT_TOKENS;
import static io.codeclab.orchestrator.config.CodecLabConfig.LLM_MAX_RETRY_WAIT;
import static io.codeclab.orchestrator.config.CodecLabConfig.LLM_MODELS;
import static io.codeclab.orchestrator.config.CodecLabConfig.LLM_OPENAI_API_KEY;
import static io.codeclab.orchestrator.config.CodecLabConfig.LLM_PRICES;
import static io.codeclab.orchestrator.config.CodecLabConfig.LLM_TIME_LIMIT;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The language-model settings of a configuration ({@code CODEC_LAB_LLM_*}), each checked when the configuration is
 * built. Which model to use is checked where the models are built: it may come from Parameter Store, which is
 * read after a first configuration says where it is. The model list and the prices are parsed (and their syntax checked) where the models are built,
 * {@code propose.llm.LanguageModels}, which keeps this package free of the proposer's types.
 */
public final class LlmConfig {

    private final CodecLabConfig config;

    LlmConfig(CodecLabConfig config) {
        this.config = config;
        validate();
    }

    /** Whether an LLM proposes: {@link CodecLabConfig#proposer()} names a provider. */
    public boolean usesLlm() { return !config.proposer().equals("offline"); }
    /** The raw model list ({@code CODEC_LAB_LLM_MODELS}), when several models are configured. */
    public Optional<String> models() { return config.get(LLM_MODELS); }
    /** The raw price list ({@code CODEC_LAB_LLM_PRICES}); empty: every model is free. */
    public String prices() { return config.get(LLM_PRICES).orElse(""); }
    /** USD per UTC day; 0: no budget. */
    public double dailyBudgetUsd() { return SettingValues.parseNonNegativeDouble(LLM_DAILY_BUDGET_USD, raw(LLM_DAILY_BUDGET_USD, "0")); }
    /** The longest one model call attempt may take. */
    public Duration timeLimit() { return duration(LLM_TIME_LIMIT, "180s"); }
    public int maxAttempts() { return positive(LLM_MAX_ATTEMPTS, "4"); }
    public Duration maxRetryWait() { return duration(LLM_MAX_RETRY_WAIT, "60s"); }
    public int breakerFailures() { return positive(LLM_BREAKER_FAILURES, "5"); }
    public Duration breakerWait() { return duration(LLM_BREAKER_WAIT, "5m"); }
    public int callsPerMinute() { return positive(LLM_CALLS_PER_MINUTE, "20"); }
    public int maxOutputTokens() { return positive(LLM_MAX_OUTPUT_TOKENS, "8192"); }

    /** The share of calls that explore a model other than the bandit's favourite, within 0..1. */
    public double exploration() {
        double v = SettingValues.parseNonNegativeDouble(LLM_EXPLORATION, raw(LLM_EXPLORATION, "0.1"));
        if (v > 1) {
            throw new ConfigException(LLM_EXPLORATION + "='" + v + "' is a share of calls: use a number within 0..1");
        }
        return v;
    }

    /** The key for {@code provider} (openai, anthropic): its own setting, else {@code CODEC_LAB_LLM_API_KEY}. Never log it. */
    public Optional<String> apiKey(String provider) {
        var own = switch (provider) {
            case "openai" -> config.get(LLM_OPENAI_API_KEY);
            case "anthropic" -> config.get(LLM_ANTHROPIC_API_KEY);
            default -> Optional.<String>empty();
        };
        return own.isPresent() ? own : config.get(LLM_API_KEY);
    }

    private String raw(String name, String fallback) {
        return config.get(name).orElse(fallback);
    }

    private int positive(String name, String fallback) {
        return SettingValues.parsePositiveInt(name, raw(name, fallback));
    }

    private Duration duration(String name, String fallback) {
        return SettingValues.parseDuration(name, raw(name, fallback));
    }

    private void validate() {
        dailyBudgetUsd();
        exploration();
        maxAttempts();
        breakerFailures();
        callsPerMinute();
        maxOutputTokens();
        for (var name : List.of(LLM_TIME_LIMIT, LLM_BREAKER_WAIT, LLM_MAX_RETRY_WAIT)) {
            config.get(name).ifPresent(raw -> {
                var d = SettingValues.parseDuration(name, raw);
                if (d.isNegative() || (name.equals(LLM_TIME_LIMIT) && d.isZero())) {
                    throw new ConfigException(name + "='" + raw + "' must be a positive duration such as 90s");
                }
            });
        }
    }
}
