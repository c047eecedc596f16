package io.codeclab.eval.video;

import java.util.List;
import java.util.Objects;

/**
 * Frames as the codec program receives them: 8-bit RGB, interleaved (R, G, B per pixel), row-major,
 * i.e. the bytes of a numpy {@code uint8} array of shape (N, H, W, 3). Immutable: frames are copied in
 * and the accessor hands out the stored arrays, which callers must not modify.
 */
public final class RgbVideo {

    private final VideoFormat format;
    private final List<byte[]> frames;

    private RgbVideo(VideoFormat format, List<byte[]> frames) {
        this.format = format;
        this.frames = frames;
    }

    public static RgbVideo of(VideoFormat format, List<byte[]> frames) {
        Objects.requireNonNull(format, "format");
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("a video needs at least one frame");
        }
        var copies = new java.util.ArrayList<byte[]>(frames.size());
        for (int i = 0; i < frames.size(); i++) {
            byte[] f = frames.get(i);
            if (f.length != format.rgbFrameBytes()) {
                throw new IllegalArgumentException("frame " + i + " has " + f.length + " bytes, expected "
                        + format.rgbFrameBytes() + " for " + format.width() + "x" + format.height() + " RGB");
            }
            copies.add(f.clone());
        }
        return new RgbVideo(format, List.copyOf(copies));
    }

    /** Splits one buffer of N whole RGB frames; fails when its length is not a multiple of the frame size. */
    public static RgbVideo fromPackedBytes(VideoFormat format, byte[] packed) {
        int frameBytes = format.rgbFrameBytes();
        if (packed.length == 0 || packed.length % frameBytes != 0) {
            throw new IllegalArgumentException("buffer of " + packed.length + " bytes is not a whole number of "
                    + format.width() + "x" + format.height() + " RGB frames (" + frameBytes + " bytes each)");
        }
        int n = packed.length / frameBytes;
        var list = new java.util.ArrayList<byte[]>(n);
        for (int i = 0; i < n; i++) {
            list.add(java.util.Arrays.copyOfRange(packed, i * frameBytes, (i + 1) * frameBytes));
        }
        return new RgbVideo(format, List.copyOf(list));
    }

    public VideoFormat format() { return format; }
    public int frameCount() { return frames.size(); }
    public int width() { return format.width(); }
    public int height() { return format.height(); }

    /** The stored frame; do not modify. */
    public byte[] frame(int index) {
        return frames.get(index);
    }

    /** The first {@code count} frames (or all, if fewer). */
    public RgbVideo firstFrames(int count) {
        if (count <= 0) {
            throw new IllegalArgumentException("count must be positive, was " + count);
        }
        return count >= frames.size() ? this : new RgbVideo(format, frames.subList(0, count));
    }

    /** Size of the raw frames in bytes (N*H*W*3). */
    public long rawBytes() {
        return (long) frames.size() * format.rgbFrameBytes();
    }

    /** Writes the frames back to back, as numpy's {@code tobytes()} of the (N, H, W, 3) array would. */
    public void writePacked(java.io.OutputStream out) throws java.io.IOException {
        for (byte[] f : frames) {
            out.write(f);
        }
    }
}
