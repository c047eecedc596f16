package io.codeclab.orchestrator.propose;

/** No candidate could be proposed (the model failed, the response could not be parsed, nothing new was left). */
public class ProposalException extends RuntimeException {
    private final String kind;

    public ProposalException(String kind, String message) {
        super(message);
        this.kind = kind;
    }

    public ProposalException(String kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** A short class of the failure for records and analysis, e.g. {@code NothingNew}, {@code ParseFailure}. */
    public String kind() {
        return kind;
    }
}
