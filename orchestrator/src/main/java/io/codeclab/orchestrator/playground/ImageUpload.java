package io.codeclab.orchestrator.playground;

import java.util.Arrays;

/**
 * An uploaded image, accepted only as PNG or JPEG (by its first bytes, whatever its name or declared type
 * says) and only up to {@value #MAX_BYTES} bytes: checked before anything is written anywhere.
 */
public record ImageUpload(Kind kind, byte[] bytes) {

    public static final int MAX_BYTES = 2 * 1024 * 1024;
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};

    public enum Kind { PNG, JPEG }

    /** @throws PlaygroundException (413 or 415) when the bytes are too many or neither PNG nor JPEG */
    public static ImageUpload check(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw new PlaygroundException(413, "the image has " + bytes.length + " bytes; at most " + MAX_BYTES
                    + " are accepted: scale it down or use the sample");
        }
        if (startsWith(bytes, PNG)) {
            return new ImageUpload(Kind.PNG, bytes);
        }
        if (startsWith(bytes, JPEG)) {
            return new ImageUpload(Kind.JPEG, bytes);
        }
        throw new PlaygroundException(415, "the image is neither PNG nor JPEG (checked by its first bytes): "
                + "upload a .png or .jpg file");
    }

    static boolean startsWith(byte[] bytes, byte[] magic) {
        return bytes.length >= magic.length && Arrays.equals(bytes, 0, magic.length, magic, 0, magic.length);
    }
}
