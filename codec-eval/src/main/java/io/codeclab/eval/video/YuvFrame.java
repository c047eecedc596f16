package io.codeclab.eval.video;

import java.util.Arrays;

/**
 * One picture as planes of 8-bit samples, each plane tightly packed (stride = plane width). Immutable: the
 * planes are copied in; {@link #plane(int)} hands out the stored array, which callers must not modify.
 */
public final class YuvFrame {

    private final byte[][] planes;

    private YuvFrame(byte[][] planes) {
        this.planes = planes;
    }

    /** Copies the planes; checks each against the sizes {@code chroma} gives for {@code width}x{@code height}. */
    public static YuvFrame of(ChromaFormat chroma, int width, int height, byte[]... planes) {
        if (planes.length != chroma.planeCount()) {
            throw new IllegalArgumentException(chroma + " needs " + chroma.planeCount() + " planes, got " + planes.length);
        }
        var copies = new byte[planes.length][];
        for (int p = 0; p < planes.length; p++) {
            long expected = chroma.planeBytes(p, width, height);
            if (planes[p].length != expected) {
                throw new IllegalArgumentException("plane " + p + " has " + planes[p].length + " bytes, expected "
                        + expected + " for " + width + "x" + height + " " + chroma);
            }
            copies[p] = planes[p].clone();
        }
        return new YuvFrame(copies);
    }

    /** Takes ownership of the arrays without copying; for readers and converters of this package. */
    static YuvFrame wrap(byte[][] planes) {
        return new YuvFrame(planes);
    }

    public int planeCount() {
        return planes.length;
    }

    /** The stored plane (0 = Y, 1 = Cb, 2 = Cr); do not modify. */
    public byte[] plane(int index) {
        return planes[index];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof YuvFrame other && Arrays.deepEquals(planes, other.planes);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(planes);
    }
}
