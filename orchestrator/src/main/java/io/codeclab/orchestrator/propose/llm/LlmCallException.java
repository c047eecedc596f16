package io.codeclab.orchestrator.propose.llm;

import io.codeclab.orchestrator.propose.ProposalException;

/**
 * No answer from the language model. {@link #kind()} classifies it for records and the next prompt:
 * {@code Budget} (daily budget spent), {@code BreakerOpen}, {@code Timeout}, {@code RateLimited},
 * {@code ProviderError} (5xx after retries), {@code Refused} (4xx other than throttling: bad key, bad model).
 */
public class LlmCallException extends ProposalException {

    public LlmCallException(String kind, String message) {
        super(kind, message);
    }

    public LlmCallException(String kind, String message, Throwable cause) {
        super(kind, message, cause);
    }
}
