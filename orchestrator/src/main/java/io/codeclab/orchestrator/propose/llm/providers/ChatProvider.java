package io.codeclab.orchestrator.propose.llm.providers;

import io.codeclab.orchestrator.propose.llm.LlmRequest;

/**
 * One model at one provider, called once: no retries, no breaker, no accounting (the caller,
 * {@code ResilientLanguageModel}, owns those so there is exactly one retry policy).
 */
public interface ChatProvider {

    /**
     * Sends the conversation and returns the answer.
     *
     * @throws ProviderException classified, with the provider's Retry-After when it sent one
     */
    ProviderAnswer send(LlmRequest request);
}
