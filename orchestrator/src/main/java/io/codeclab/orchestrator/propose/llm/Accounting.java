package io.codeclab.orchestrator.propose.llm;

import io.codeclab.orchestrator.config.ConfigException;
import io.codeclab.orchestrator.experiment.LlmUsage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Prices per model and what a call cost. Prices come from {@code CODEC_LAB_LLM_PRICES}:
 * {@code model:inputUsdPerMillionTokens:outputUsdPerMillionTokens,...}, where model is either the full
 * {@code provider:model} name or the bare model (model names may themselves hold colons: the two prices
 * are the last two fields). A model without a price costs nothing (local servers).
 */
public final class Accounting {

    /** USD per million tokens. */
    public record Price(double inputPerMillion, double outputPerMillion) {
    }

    public static final Accounting FREE = new Accounting(Map.of());

    private final Map<String, Price> prices;

    private Accounting(Map<String, Price> prices) {
        this.prices = Map.copyOf(prices);
    }

    public static Accounting parse(String setting, String raw) {
        var prices = new LinkedHashMap<String, Price>();
        for (String entry : raw.split(",")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            int last = e.lastIndexOf(':');
            int middle = last > 0 ? e.lastIndexOf(':', last - 1) : -1;
            if (middle <= 0) {
                throw new ConfigException(setting + ": '" + e + "' is not model:inputUsdPerMTok:outputUsdPerMTok"
                        + " (for example gpt-4o-mini:0.15:0.60)");
            }
            try {
                double in = Double.parseDouble(e.substring(middle + 1, last));
                double out = Double.parseDouble(e.substring(last + 1));
                if (!(in >= 0) || !(out >= 0) || Double.isInfinite(in) || Double.isInfinite(out)) {
                    throw new NumberFormatException();
                }
                prices.put(e.substring(0, middle).trim(), new Price(in, out));
            } catch (NumberFormatException bad) {
                throw new ConfigException(setting + ": '" + e + "' needs two non-negative prices in USD per million"
                        + " tokens after the model name (for example gpt-4o-mini:0.15:0.60)");
            }
        }
        return new Accounting(prices);
    }

    /** The price of {@code model}: by its full name first, then by the bare model name. */
    public Optional<Price> price(ModelEndpoint model) {
        Price p = prices.get(model.name());
        return Optional.ofNullable(p != null ? p : prices.get(model.model()));
    }

    public double cost(ModelEndpoint model, long inputTokens, long outputTokens) {
        return price(model).map(p -> (inputTokens * p.inputPerMillion() + outputTokens * p.outputPerMillion()) / 1e6)
                .orElse(0.0);
    }

    /** Two calls' usage together: what an experiment with a follow-up call cost. */
    public static LlmUsage sum(LlmUsage a, LlmUsage b) {
        return new LlmUsage(a.inputTokens() + b.inputTokens(), a.outputTokens() + b.outputTokens(),
                a.costUsd() + b.costUsd(), a.latencyMillis() + b.latencyMillis());
    }
}
