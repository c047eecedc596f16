package io.codeclab.orchestrator.propose.llm.providers;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.bedrock.BedrockChatModel;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.codeclab.orchestrator.propose.llm.ModelEndpoint;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/**
 * Builds the langchain4j model for an endpoint. Every model is built with {@code maxRetries(0)} (resilience4j
 * in {@code ResilientLanguageModel} is the one retry policy), request logging off (requests carry the key in
 * a header), and the HTTP client that keeps {@code Retry-After}.
 */
public final class Providers {

    /** What every provider call is built with. */
    public record Settings(Duration timeLimit, int maxOutputTokens) {
        public Settings {
            Objects.requireNonNull(timeLimit, "timeLimit");
            if (maxOutputTokens < 1) {
                throw new IllegalArgumentException("maxOutputTokens must be positive");
            }
        }
    }

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private Providers() {
    }

    /**
     * The provider for {@code endpoint}.
     *
     * @param apiKey the key for OpenAI-compatible and Anthropic endpoints (a local server takes any); unused for Bedrock
     * @param bedrock builds a Bedrock Runtime client for an endpoint (region, default credential chain, no SDK retries)
     */
    public static ChatProvider create(ModelEndpoint endpoint, String apiKey, Settings settings,
                                      Function<ModelEndpoint, BedrockRuntimeClient> bedrock) {
        String key = apiKey == null ? "" : apiKey;
        return switch (endpoint.provider()) {
            case OPENAI -> {
                var builder = OpenAiChatModel.builder()
                        .httpClientBuilder(http(settings))
                        // OpenAI-compatible local servers (Ollama, vLLM) accept any key; langchain4j insists on one.
                        .apiKey(key.isEmpty() ? "none" : key)
                        .modelName(endpoint.model())
                        .maxTokens(settings.maxOutputTokens())
                        .timeout(settings.timeLimit())
                        .maxRetries(0)
                        .logRequests(false)
                        .logResponses(false);
                if (!endpoint.baseUrl().isEmpty()) {
                    builder.baseUrl(endpoint.baseUrl());
                }
                yield new LangChainChatProvider(endpoint.name(), builder.build(), key);
            }
            case ANTHROPIC -> {
                var builder = AnthropicChatModel.builder()
                        .httpClientBuilder(http(settings))
                        .apiKey(key.isEmpty() ? "none" : key)
                        .modelName(endpoint.model())
                        .maxTokens(settings.maxOutputTokens())
                        .timeout(settings.timeLimit())
                        .maxRetries(0)
                        .logRequests(false)
                        .logResponses(false);
                if (!endpoint.baseUrl().isEmpty()) {
                    builder.baseUrl(endpoint.baseUrl());
                }
                yield new LangChainChatProvider(endpoint.name(), builder.build(), key);
            }
            case BEDROCK -> new LangChainChatProvider(endpoint.name(), BedrockChatModel.builder()
                    .client(bedrock.apply(endpoint))
                    .modelId(endpoint.model())
                    .defaultRequestParameters(ChatRequestParameters.builder()
                            .maxOutputTokens(settings.maxOutputTokens()).build())
                    .timeout(settings.timeLimit())
                    .maxRetries(0)
                    .logRequests(false)
                    .logResponses(false)
                    .build(), "");
        };
    }

    private static HeaderKeepingHttpClient.Builder http(Settings settings) {
        return HeaderKeepingHttpClient.builder().connectTimeout(CONNECT_TIMEOUT).readTimeout(settings.timeLimit());
    }
}
