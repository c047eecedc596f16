package io.codeclab.orchestrator.propose.llm.providers;

import java.util.Objects;

/** What one provider call returned: the text, the tokens the provider counted, and whether it hit the output limit. */
public record ProviderAnswer(String text, long inputTokens, long outputTokens, boolean truncated) {
    public ProviderAnswer {
        Objects.requireNonNull(text, "text");
        if (inputTokens < 0 || outputTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative");
        }
    }
}
