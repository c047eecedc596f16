/**
 * Trusted distortion metrics that agree with ffmpeg's {@code psnr} and {@code ssim} filters:
 * {@link io.codeclab.eval.metrics.YuvMetrics} on the planes of two Y4M clips,
 * {@link io.codeclab.eval.metrics.RgbMetrics} (PSNR-Y, PSNR-RGB, SSIM-Y) on decoded RGB frames.
 */
package io.codeclab.eval.metrics;
