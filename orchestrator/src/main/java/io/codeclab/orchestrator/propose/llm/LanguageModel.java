package io.codeclab.orchestrator.propose.llm;

/**
 * One chat exchange with a language model, behind resilience (retries, breaker, rate and time limits),
 * accounting and the daily budget. The seam between building prompts and parsing answers
 * ({@code LlmProposer}) and talking to providers (OpenAI-compatible, Anthropic, Bedrock).
 */
public interface LanguageModel {

    /**
     * Sends {@code request} to one of the configured models and returns its answer with what it cost.
     *
     * @throws LlmCallException when no usable answer came back (the kind says why: budget, breaker open,
     *         time limit, the provider's refusal, ...); never for an answer that merely cannot be parsed
     */
    LlmReply complete(LlmRequest request);

    /** What records show as the source when no call was made yet: the single model's name, or a list. */
    String name();
}
