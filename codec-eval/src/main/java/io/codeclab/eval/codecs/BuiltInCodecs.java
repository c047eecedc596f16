package io.codeclab.eval.codecs;

import io.codeclab.eval.harness.CodecProgram;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The codec programs that ship with codec-lab: version 0 (per-frame JPEG through OpenCV) and the templates
 * the offline proposer explores. Each is a plain candidate module, held to the same policy and checks.
 */
public final class BuiltInCodecs {

    /** A built-in program and its name. */
    public record NamedProgram(String name, CodecProgram program) {
    }

    public static final String JPEG_BASELINE = "jpeg_baseline";
    public static final String BLOCK_DCT = "block_dct";

    private static final List<NamedProgram> ALL = List.of(load(JPEG_BASELINE), load(BLOCK_DCT));

    private BuiltInCodecs() {
    }

    /** Version 0, the first champion. */
    public static CodecProgram baseline() {
        return ALL.get(0).program();
    }

    public static List<NamedProgram> all() {
        return ALL;
    }

    private static NamedProgram load(String name) {
        try (InputStream in = BuiltInCodecs.class.getResourceAsStream(name + ".py")) {
            if (in == null) {
                throw new IllegalStateException("missing built-in codec resource " + name + ".py");
            }
            return new NamedProgram(name, new CodecProgram(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
