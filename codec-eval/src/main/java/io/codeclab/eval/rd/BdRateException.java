package io.codeclab.eval.rd;

import io.codeclab.eval.EvaluationException;

/** A BD-rate cannot be computed from the given curves (too few points, not monotonic, no overlap, bad CSV). */
public class BdRateException extends EvaluationException {

    public BdRateException(String message) {
        super(message);
    }

    public BdRateException(String message, Throwable cause) {
        super(message, cause);
    }
}
