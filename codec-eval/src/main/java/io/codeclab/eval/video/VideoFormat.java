package io.codeclab.eval.video;

/**
 * Frame size and rate of a clip. The frame rate is a rational, as in Y4M ({@code F30000:1001}). Width and
 * height are at most {@link #MAX_DIMENSION}, so that one frame's sizes fit an {@code int} with room to spare
 * (16384 x 16384 x 3 bytes is 768 MiB).
 */
public record VideoFormat(int width, int height, int fpsNumerator, int fpsDenominator) {

    /** The largest width or height a clip may have (16K; larger clips are refused before anything is allocated). */
    public static final int MAX_DIMENSION = 16384;

    public VideoFormat {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("frame size must be positive, was " + width + "x" + height);
        }
        if (width > MAX_DIMENSION || height > MAX_DIMENSION) {
            throw new IllegalArgumentException("frame size " + width + "x" + height + " exceeds the limit of "
                    + MAX_DIMENSION + " per side");
        }
        if (fpsNumerator <= 0 || fpsDenominator <= 0) {
            throw new IllegalArgumentException(
                    "frame rate must be positive, was " + fpsNumerator + "/" + fpsDenominator);
        }
    }

    public double fps() {
        return (double) fpsNumerator / fpsDenominator;
    }

    public int pixels() {
        return Math.multiplyExact(width, height);
    }

    /** Bytes of one interleaved 8-bit RGB frame (at most 768 MiB, see {@link #MAX_DIMENSION}). */
    public int rgbFrameBytes() {
        return Math.multiplyExact(pixels(), 3);
    }
}
