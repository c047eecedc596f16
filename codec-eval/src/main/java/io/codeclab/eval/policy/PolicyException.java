package io.codeclab.eval.policy;

import io.codeclab.eval.EvaluationException;

/** A policy document could not be read or is malformed; the message names its source and the bad field. */
public class PolicyException extends EvaluationException {
    public PolicyException(String message) {
        super(message);
    }

    public PolicyException(String message, Throwable cause) {
        super(message, cause);
    }
}
