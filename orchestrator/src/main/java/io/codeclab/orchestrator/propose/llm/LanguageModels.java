package io.codeclab.orchestrator.propose.llm;

import io.codeclab.orchestrator.config.CodecLabConfig;
import io.codeclab.orchestrator.config.ConfigException;
import io.codeclab.orchestrator.propose.llm.providers.ChatProvider;
import io.codeclab.orchestrator.propose.llm.providers.Providers;
import java.net.URI;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/**
 * Builds the {@link LanguageModel} the configuration asks for. One model: {@code CODEC_LAB_PROPOSER}
 * (openai, anthropic, bedrock) with {@code CODEC_LAB_LLM_MODEL} and, for openai/anthropic,
 * {@code CODEC_LAB_LLM_BASE_URL}. Several: {@code CODEC_LAB_LLM_MODELS=provider:model[@baseUrl],...} (it wins
 * over {@code CODEC_LAB_LLM_MODEL}); {@code CODEC_LAB_LLM_BASE_URL} then serves the entries of the provider
 * named by {@code CODEC_LAB_PROPOSER} that carry no {@code @baseUrl}.
 */
public final class LanguageModels {

    private static final Logger log = LoggerFactory.getLogger(LanguageModels.class);

    private LanguageModels() {
    }

    /** The configured models, in order; {@link ConfigException} naming the setting when one is malformed. */
    public static List<ModelEndpoint> endpoints(CodecLabConfig config) {
        if (!config.llm().usesLlm()) {
            throw new ConfigException(CodecLabConfig.PROPOSER + "=" + config.proposer() + " uses no language model");
        }
        if (config.llm().models().isEmpty() && config.get(CodecLabConfig.LLM_MODEL).isEmpty()) {
            throw new ConfigException(CodecLabConfig.PROPOSER + "=" + config.proposer() + " needs a model: set "
                    + CodecLabConfig.LLM_MODEL + " (for example gpt-4o-mini, claude-sonnet-4-5, qwen2.5-coder for"
                    + " Ollama) or " + CodecLabConfig.LLM_MODELS + " (provider:model,...)");
        }
        var provider = ModelEndpoint.Provider.parse(CodecLabConfig.PROPOSER, config.proposer());
        String baseUrl = config.get(CodecLabConfig.LLM_BASE_URL).orElse("");
        if (provider == ModelEndpoint.Provider.BEDROCK && !baseUrl.isEmpty() && config.llm().models().isEmpty()) {
            log.info("{} is used as the Bedrock Runtime endpoint", CodecLabConfig.LLM_BASE_URL);
        }
        List<ModelEndpoint> endpoints = config.llm().models()
                .map(raw -> ModelEndpoint.parseList(CodecLabConfig.LLM_MODELS, raw, provider, baseUrl))
                .orElseGet(() -> List.of(ModelEndpoint.of(CodecLabConfig.LLM_MODEL, provider,
                        config.get(CodecLabConfig.LLM_MODEL).orElse(""), baseUrl)));
        for (var e : endpoints) {
            if (e.provider() != ModelEndpoint.Provider.BEDROCK && e.baseUrl().isEmpty()
                    && config.llm().apiKey(e.provider().id()).isEmpty()) {
                throw new ConfigException("model " + e.name() + " goes to " + e.provider().id() + "'s own API, which"
                        + " needs a key: set " + CodecLabConfig.LLM_API_KEY + " (or " + (e.provider()
                        == ModelEndpoint.Provider.OPENAI ? CodecLabConfig.LLM_OPENAI_API_KEY
                        : CodecLabConfig.LLM_ANTHROPIC_API_KEY) + "), or point it at a local server with "
                        + CodecLabConfig.LLM_BASE_URL);
            }
        }
        return endpoints;
    }

    public static LlmSettings settings(CodecLabConfig config) {
        return new LlmSettings(config.llm().timeLimit(), config.llm().maxAttempts(), LlmSettings.DEFAULTS.backoffBase(),
                config.llm().maxRetryWait(), config.llm().breakerFailures(), config.llm().breakerWait(),
                config.llm().callsPerMinute(), config.llm().maxOutputTokens(), config.llm().exploration());
    }

    public static Accounting accounting(CodecLabConfig config) {
        return Accounting.parse(CodecLabConfig.LLM_PRICES, config.llm().prices());
    }

    /** Parses every LLM setting without building anything: for {@code validate} and start-up. */
    public static void validate(CodecLabConfig config) {
        if (config.llm().usesLlm()) {
            endpoints(config);
            settings(config);
            accounting(config);
        }
    }

    /**
     * The configured models behind resilience, accounting, the daily budget and the bandit.
     *
     * @param bedrock  builds a Bedrock Runtime client (time limit, endpoint or null), e.g. {@code AwsClients::bedrockRuntime}
     * @param spend    where the day's spend survives restarts ({@link DynamoDbDailySpendStore})
     * @param history  recent experiment outcomes for the bandit (e.g. {@code ModelBandit.outcomes(store.latest(200))})
     */
    public static ResilientLanguageModel fromConfig(CodecLabConfig config,
                                                    java.util.function.BiFunction<java.time.Duration, URI, BedrockRuntimeClient> bedrock,
                                                    DailySpendStore spend,
                                                    Supplier<? extends Collection<ModelBandit.Outcome>> history) {
        var endpoints = endpoints(config);
        var settings = settings(config);
        var accounting = accounting(config);
        var providerSettings = new Providers.Settings(settings.timeLimit(), settings.maxOutputTokens());
        Function<ModelEndpoint, BedrockRuntimeClient> bedrockFor = e -> bedrock.apply(settings.timeLimit(),
                e.baseUrl().isEmpty() ? null : URI.create(e.baseUrl()));
        var providers = new LinkedHashMap<ModelEndpoint, ChatProvider>();
        for (var e : endpoints) {
            providers.put(e, Providers.create(e, config.llm().apiKey(e.provider().id()).orElse(""), providerSettings,
                    bedrockFor));
        }
        var budget = new DailyBudget(config.llm().dailyBudgetUsd(), spend, Clock.systemUTC());
        if (budget.limited()) {
            endpoints.stream().filter(e -> accounting.price(e).isEmpty()).forEach(e -> log.warn(
                    "model {} has no price in {}: its calls count as free against the daily budget", e.name(),
                    CodecLabConfig.LLM_PRICES));
        }
        log.info("language model{}: {}; time limit {} s, {} attempts, breaker after {} failures for {} s, {} calls/min,"
                        + " daily budget {}", endpoints.size() == 1 ? "" : "s (bandit)",
                endpoints.stream().map(ModelEndpoint::name).toList(), settings.timeLimit().toSeconds(),
                settings.maxAttempts(), settings.breakerFailures(), settings.breakerWait().toSeconds(),
                settings.callsPerMinute(), budget.limited() ? config.llm().dailyBudgetUsd() + " USD" : "none");
        return new ResilientLanguageModel(providers, settings, accounting, budget,
                new ModelBandit(settings.explorationFloor(), new Random(), history));
    }
}
