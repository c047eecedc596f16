package io.codeclab.eval.harness;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The source of one candidate codec module (SPEC §5: {@code encode(frames, quality) -> bytes},
 * {@code decode(data) -> frames}). Identified by the SHA-256 of its UTF-8 source.
 */
public record CodecProgram(String source) {

    public CodecProgram {
        Objects.requireNonNull(source, "source");
        if (source.isBlank()) {
            throw new IllegalArgumentException("a codec program must not be empty");
        }
    }

    public String sha256() {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
