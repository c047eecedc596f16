package io.codeclab.eval.metrics;

/**
 * One value per plane plus the combination over planes, as ffmpeg prints them ({@code y}, {@code u},
 * {@code v}, {@code all}). For monochrome clips {@code u} and {@code v} are {@link Double#NaN}. PSNR values
 * are {@link Double#POSITIVE_INFINITY} when the planes are identical.
 */
public record PlaneScores(double y, double u, double v, double all) {
}
