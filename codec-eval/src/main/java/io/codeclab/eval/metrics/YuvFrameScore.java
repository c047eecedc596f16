package io.codeclab.eval.metrics;

/** PSNR and SSIM of one frame (index from 0), per plane, as ffmpeg's {@code stats_file} lines give them. */
public record YuvFrameScore(int index, PlaneScores psnr, PlaneScores ssim) {
}
