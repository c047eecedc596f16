package io.codeclab.sandbox;

import java.util.Objects;

/**
 * How to create a {@link Sandbox}: which backend, which runner image (Docker). Immutable.
 *
 * <p>The runner image defaults to {@code $CODEC_LAB_RUNNER_IMAGE}, else {@value #DEFAULT_IMAGE}: the same
 * setting {@code scripts/build-runner-image} builds and tags, so the tests and the product use the image the
 * script made.
 */
public final class SandboxConfig {

    public static final String DEFAULT_IMAGE = "py-exec:latest";
    /** The environment variable naming the runner image ({@code name[:tag]}), shared with scripts/build-runner-image. */
    public static final String IMAGE_VARIABLE = "CODEC_LAB_RUNNER_IMAGE";

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

    /** {@code $CODEC_LAB_RUNNER_IMAGE} when set and not blank, else {@value #DEFAULT_IMAGE}. */
    public static String configuredImage() {
        return imageFrom(System.getenv(IMAGE_VARIABLE));
    }

    static String imageFrom(String variable) {
        return variable == null || variable.isBlank() ? DEFAULT_IMAGE : variable.strip();
    }

    public Builder toBuilder() {
        return custom().backend(backend).image(image);
    }

    public static final class Builder {
        private SandboxBackend backend = SandboxBackend.AUTO;
        private String image = configuredImage();

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
