package io.codeclab.eval.harness;

import io.codeclab.eval.Sha256;
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
        return Sha256.hex(source);
    }
}
