package io.codeclab.eval.metrics;

import io.codeclab.eval.EvaluationException;

/**
 * Two videos cannot be compared (different sizes, layouts or frame counts, planes too small for SSIM), or the
 * metrics are misconfigured (an unknown or unavailable {@code codeclab.metrics.kernel}).
 */
public class MetricsException extends EvaluationException {

    public MetricsException(String message) {
        super(message);
    }
}
