package io.codeclab.sandbox;

import java.util.Objects;

/**
 * How to create a {@link Sandbox}: which backend, which runner image (Docker). Immutable.
 */
public final class SandboxConfig {

    public static final String DEFAULT_IMAGE = "py-exec:latest";

    private final SandboxBackend backend;
    private final String image;

    private SandboxConfig(Builder b) {
        this.backend = b.backend;
        this.image = b.image;
    }

    public static SandboxConfig ofDefaults() {
        return custom().build();
    }

    public static Builder custom() {
        return new Builder();
    }

    public SandboxBackend backend() { return backend; }
    public String image() { return image; }

    public Builder toBuilder() {
        return custom().backend(backend).image(image);
    }

    public static final class Builder {
        private SandboxBackend backend = SandboxBackend.AUTO;
        private String image = DEFAULT_IMAGE;

        private Builder() {
        }

        public Builder backend(SandboxBackend backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
            return this;
        }

        public Builder image(String image) {
            if (image == null || image.isBlank()) {
                throw new IllegalArgumentException("image must not be blank");
            }
            this.image = image;
            return this;
        }

        public SandboxConfig build() {
            return new SandboxConfig(this);
        }
    }
}
