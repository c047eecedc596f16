package io.codeclab.sandbox.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Keeps only the last {@code capacity} bytes written to it, so memory stays bounded however much a
 * program prints. Thread-safe.
 */
public final class TailBuffer {

    private final byte[] ring;
    private long written;

    public TailBuffer(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.ring = new byte[capacity];
    }

    public synchronized void write(byte[] data, int offset, int length) {
        if (length > ring.length) {
            // Only the end of this chunk can survive; count the rest as written and skip it.
            int skip = length - ring.length;
            offset += skip;
            length -= skip;
            written += skip;
        }
        int pos = (int) (written % ring.length);
        int first = Math.min(length, ring.length - pos);
        System.arraycopy(data, offset, ring, pos, first);
        System.arraycopy(data, offset + first, ring, 0, length - first);
        written += length;
    }

    /** Total bytes ever written (not only those kept). */
    public synchronized long totalBytes() {
        return written;
    }

    /** The kept bytes, oldest first. */
    public synchronized byte[] tailBytes() {
        if (written <= ring.length) {
            byte[] out = new byte[(int) written];
            System.arraycopy(ring, 0, out, 0, out.length);
            return out;
        }
        int pos = (int) (written % ring.length);
        byte[] out = new byte[ring.length];
        System.arraycopy(ring, pos, out, 0, ring.length - pos);
        System.arraycopy(ring, 0, out, ring.length - pos, pos);
        return out;
    }

    /** The kept bytes as UTF-8; a character cut in half at the start (or invalid bytes) becomes U+FFFD. */
    public String tailText() {
        byte[] bytes = tailBytes();
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try {
            return decoder.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            // REPLACE never throws; keep the compiler honest without hiding a real failure.
            throw new IllegalStateException("UTF-8 decoding with REPLACE failed", e);
        }
    }
}
