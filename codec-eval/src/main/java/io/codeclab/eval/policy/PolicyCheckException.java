package io.codeclab.eval.policy;

import io.codeclab.eval.EvaluationException;

/**
 * The policy checker itself failed (its process did not finish, crashed, or printed no readable verdict).
 * Never a verdict about the candidate: a caller must not treat it as "accepted", nor blame the program.
 */
public class PolicyCheckException extends EvaluationException {

    private final String sandboxStatus;

    public PolicyCheckException(String message, String sandboxStatus) {
        super(message);
        this.sandboxStatus = sandboxStatus;
    }

    public PolicyCheckException(String message, String sandboxStatus, Throwable cause) {
        super(message, cause);
        this.sandboxStatus = sandboxStatus;
    }

    /** The sandbox status of the checker's run (OK, TIMEOUT, CRASH, ...), or NOT_RUN when it never started. */
    public String sandboxStatus() {
        return sandboxStatus;
    }
}
