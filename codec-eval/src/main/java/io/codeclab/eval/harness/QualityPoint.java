package io.codeclab.eval.harness;

/**
 * One rate-distortion point of a codec program on one clip, all measured by Java: {@code bytes} is the
 * bitstream's size; kbps uses the clip's frame rate and frame count; PSNR and SSIM compare the decoded
 * RGB frames with the frames the program was given. Frames per second are frames over the wall time of
 * the whole sandbox run (process start and module import included), so they are a lower bound.
 */
public record QualityPoint(int quality, long bytes, double kbps, double bpp, double psnrY, double psnrRgb,
                           double ssimY, double encodeFps, double decodeFps) {
}
