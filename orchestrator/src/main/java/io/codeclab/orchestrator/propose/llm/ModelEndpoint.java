package io.codeclab.orchestrator.propose.llm;

import io.codeclab.orchestrator.config.ConfigException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One model at one provider: {@code openai:gpt-4o-mini}, {@code anthropic:claude-sonnet-4-5},
 * {@code bedrock:anthropic.claude-3-5-haiku-20241022-v1:0}, optionally with its own base URL after an
 * {@code @} ({@code openai:qwen2.5-coder@http://127.0.0.1:11434/v1}). {@link #name()} is what records
 * show as the experiment's source and what prices are looked up by.
 *
 * @param baseUrl the provider's endpoint, empty for the provider's default
 */
public record ModelEndpoint(Provider provider, String model, String baseUrl) {

    /** The protocols codec-lab speaks. */
    public enum Provider {
        /** OpenAI's chat-completions API: OpenAI, vLLM, Ollama, LM Studio, any compatible server. */
        OPENAI,
        /** Anthropic's messages API. */
        ANTHROPIC,
        /** Amazon Bedrock's Converse API, credentials from the AWS default chain. */
        BEDROCK;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Provider parse(String setting, String raw) {
            for (Provider p : values()) {
                if (p.id().equals(raw.trim().toLowerCase(Locale.ROOT))) {
                    return p;
                }
            }
            throw new ConfigException(setting + ": '" + raw + "' is not a model provider; use one of "
                    + Arrays.stream(values()).map(Provider::id).toList());
        }
    }

    public ModelEndpoint {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        baseUrl = baseUrl == null ? "" : baseUrl.trim();
        if (model.isBlank()) {
            throw new IllegalArgumentException("a model needs a name");
        }
    }

    /** {@code provider:model}: unique across the configured list, shown in records and logs. */
    public String name() {
        return provider.id() + ":" + model;
    }

    /**
     * Parses a comma-separated list of {@code provider:model[@baseUrl]} entries. {@code defaultBaseUrl} (may be
     * empty) is used by entries of {@code defaultBaseUrlProvider} that carry no URL of their own.
     */
    public static List<ModelEndpoint> parseList(String setting, String raw, Provider defaultBaseUrlProvider,
                                                String defaultBaseUrl) {
        var list = new ArrayList<ModelEndpoint>();
        for (String entry : raw.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            var endpoint = parse(setting, entry.trim(), defaultBaseUrlProvider, defaultBaseUrl);
            if (list.stream().anyMatch(e -> e.name().equals(endpoint.name()))) {
                throw new ConfigException(setting + ": model " + endpoint.name() + " is listed twice");
            }
            list.add(endpoint);
        }
        if (list.isEmpty()) {
            throw new ConfigException(setting + " must name at least one provider:model entry");
        }
        return List.copyOf(list);
    }

    private static ModelEndpoint parse(String setting, String entry, Provider defaultBaseUrlProvider,
                                       String defaultBaseUrl) {
        int colon = entry.indexOf(':');
        if (colon <= 0 || colon == entry.length() - 1) {
            throw new ConfigException(setting + ": '" + entry + "' is not provider:model (for example openai:gpt-4o-mini,"
                    + " anthropic:claude-sonnet-4-5 or bedrock:amazon.nova-pro-v1:0)");
        }
        Provider provider = Provider.parse(setting, entry.substring(0, colon));
        String rest = entry.substring(colon + 1);
        String url = "";
        int at = rest.indexOf("@http");
        if (at >= 0) {
            url = rest.substring(at + 1);
            rest = rest.substring(0, at);
        } else if (provider == defaultBaseUrlProvider) {
            url = defaultBaseUrl;
        }
        return of(setting, provider, rest.trim(), url);
    }

    /** One endpoint with its URL checked: http or https, with a host. */
    public static ModelEndpoint of(String setting, Provider provider, String model, String baseUrl) {
        if (model.isBlank()) {
            throw new ConfigException(setting + ": a " + provider.id() + " entry needs a model name");
        }
        String url = baseUrl == null ? "" : baseUrl.trim();
        if (!url.isEmpty()) {
            try {
                URI uri = URI.create(url);
                if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                    throw new IllegalArgumentException();
                }
            } catch (IllegalArgumentException e) {
                throw new ConfigException(setting + ": '" + url + "' is not an http(s) URL such as"
                        + " http://127.0.0.1:11434/v1");
            }
        }
        return new ModelEndpoint(provider, model, url);
    }
}
