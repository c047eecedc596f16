package io.codeclab.eval.metrics;

import io.codeclab.eval.EvaluationException;

/** Two videos cannot be compared: different sizes, layouts or frame counts, or planes too small for SSIM. */
public class MetricsException extends EvaluationException {

    public MetricsException(String message) {
        super(message);
    }
}
