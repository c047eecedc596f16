package io.codeclab.orchestrator.experiment;

/** One measured rate-distortion point of a codec program at one quality, as stored and printed. */
public record RatePointRecord(
        int quality,
        long bytes,
        double kbps,
        double bpp,
        double psnrY,
        double psnrRgb,
        double ssimY,
        double encodeFps,
        double decodeFps) {
}
