package io.codeclab.orchestrator.propose;

import io.codeclab.orchestrator.experiment.LlmUsage;
import java.util.Objects;

/** No candidate could be proposed (the model failed, the response could not be parsed, nothing new was left). */
public class ProposalException extends RuntimeException {
    private final String kind;
    private Exchange exchange = Exchange.NONE;

    public ProposalException(String kind, String message) {
        super(message);
        this.kind = kind;
    }

    public ProposalException(String kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /**
     * A short class of the failure for records and analysis, e.g. {@code NothingNew}, and for an answer that
     * cannot be used {@code PARSE}, {@code EMPTY}, {@code TRUNCATED} or {@code REFUSED}.
     */
    public String kind() {
        return kind;
    }

    /** What was sent and received before the failure (empty texts when nothing was), kept as artifacts. */
    public Exchange exchange() {
        return exchange;
    }

    /**
     * Attaches what was sent and received (like {@link #addSuppressed}, after construction, so that a
     * subclass thrown deep inside keeps its type); returns this exception.
     */
    public ProposalException withExchange(Exchange exchange) {
        this.exchange = Objects.requireNonNull(exchange, "exchange");
        return this;
    }

    /** The conversation of a failed proposal: prompt and raw response as text, the model, what it cost. */
    public record Exchange(String prompt, String response, String source, LlmUsage usage) {
        public static final Exchange NONE = new Exchange("", "", "", LlmUsage.NONE);

        public Exchange {
            prompt = prompt == null ? "" : prompt;
            response = response == null ? "" : response;
            source = source == null ? "" : source;
            usage = usage == null ? LlmUsage.NONE : usage;
        }
    }
}
