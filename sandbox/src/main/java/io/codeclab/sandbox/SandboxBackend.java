package io.codeclab.sandbox;

import java.util.Locale;

/** Which backend to use; {@code AUTO} prefers Docker when an engine answers and the image exists. */
public enum SandboxBackend {
    AUTO, DOCKER, BWRAP;

    public static SandboxBackend parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown sandbox backend '" + value + "': use auto, docker or bwrap", e);
        }
    }
}
