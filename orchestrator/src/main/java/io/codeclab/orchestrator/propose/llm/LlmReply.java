package io.codeclab.orchestrator.propose.llm;

import io.codeclab.orchestrator.experiment.LlmUsage;
import java.util.Objects;

/**
 * A model's answer: the raw text (kept as an artifact whatever it holds), the model that gave it, what it
 * cost, and whether the provider stopped it at the output-token limit (a truncated program).
 */
public record LlmReply(String text, String model, LlmUsage usage, boolean truncated) {
    public LlmReply {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(usage, "usage");
    }
}
