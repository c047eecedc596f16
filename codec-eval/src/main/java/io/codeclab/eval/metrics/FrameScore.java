package io.codeclab.eval.metrics;

/** Metrics of one RGB frame (index from 0); see {@link RgbMetrics} for the definitions. */
public record FrameScore(int index, double psnrY, double psnrRgb, double ssimY) {
}
