package io.codeclab.eval.video;

/**
 * Frame size and rate of a clip. The frame rate is a rational, as in Y4M ({@code F30000:1001}).
 */
public record VideoFormat(int width, int height, int fpsNumerator, int fpsDenominator) {

    public VideoFormat {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("frame size must be positive, was " + width + "x" + height);
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
        return width * height;
    }

    /** Bytes of one interleaved 8-bit RGB frame. */
    public int rgbFrameBytes() {
        return width * height * 3;
    }
}
