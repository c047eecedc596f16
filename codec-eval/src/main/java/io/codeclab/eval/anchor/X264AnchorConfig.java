package io.codeclab.eval.anchor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the x264 anchor. Immutable; {@link #ofDefaults()} or {@link #custom()}.
 * Defaults: CRFs 18, 23, 28, 33, 38, 43; preset medium; tune psnr; one x264 thread (the same encode on
 * any machine, so cached anchors stay valid); {@code /usr/bin/ffmpeg}; 10 minutes per ffmpeg run; no cache.
 */
public final class X264AnchorConfig {

    public static final List<Integer> DEFAULT_CRFS = List.of(18, 23, 28, 33, 38, 43);

    private final List<Integer> crfs;
    private final String preset;
    private final String tune;
    private final int threads;
    private final Path ffmpeg;
    private final Duration timeout;
    private final Path cacheDir;

    private X264AnchorConfig(Builder b) {
        this.crfs = List.copyOf(b.crfs);
        this.preset = b.preset;
        this.tune = b.tune;
        this.threads = b.threads;
        this.ffmpeg = b.ffmpeg;
        this.timeout = b.timeout;
        this.cacheDir = b.cacheDir;
    }

    public static X264AnchorConfig ofDefaults() {
        return custom().build();
    }

    public static Builder custom() {
        return new Builder();
    }

    public Builder toBuilder() {
        var b = new Builder();
        b.crfs = crfs;
        b.preset = preset;
        b.tune = tune;
        b.threads = threads;
        b.ffmpeg = ffmpeg;
        b.timeout = timeout;
        b.cacheDir = cacheDir;
        return b;
    }

    public List<Integer> crfs() { return crfs; }
    public String preset() { return preset; }
    public String tune() { return tune; }
    public int threads() { return threads; }
    public Path ffmpeg() { return ffmpeg; }
    public Duration timeout() { return timeout; }
    public Optional<Path> cacheDir() { return Optional.ofNullable(cacheDir); }

    public static final class Builder {
        private List<Integer> crfs = DEFAULT_CRFS;
        private String preset = "medium";
        private String tune = "psnr";
        private int threads = 1;
        private Path ffmpeg = Path.of("/usr/bin/ffmpeg");
        private Duration timeout = Duration.ofMinutes(10);
        private Path cacheDir;

        private Builder() {
        }

        /** CRFs to encode at, each 0..51, no duplicates; at least two (a BD-rate needs two points). */
        public Builder crfs(List<Integer> crfs) {
            if (crfs.size() < 2) {
                throw new IllegalArgumentException("crfs needs at least 2 values for a rate-distortion curve, got " + crfs);
            }
            if (crfs.stream().distinct().count() != crfs.size()) {
                throw new IllegalArgumentException("crfs has duplicates: " + crfs);
            }
            for (int crf : crfs) {
                if (crf < 0 || crf > 51) {
                    throw new IllegalArgumentException("crf must be within 0..51, was " + crf);
                }
            }
            this.crfs = List.copyOf(crfs);
            return this;
        }

        public Builder preset(String preset) {
            this.preset = requireToken(preset, "preset");
            return this;
        }

        public Builder tune(String tune) {
            this.tune = requireToken(tune, "tune");
            return this;
        }

        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, was " + threads);
            }
            this.threads = threads;
            return this;
        }

        public Builder ffmpeg(Path ffmpeg) {
            this.ffmpeg = Objects.requireNonNull(ffmpeg, "ffmpeg");
            return this;
        }

        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, was " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** Directory for one small JSON file per clip and settings; created when missing. */
        public Builder cacheDir(Path cacheDir) {
            this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
            return this;
        }

        public X264AnchorConfig build() {
            return new X264AnchorConfig(this);
        }

        private static String requireToken(String value, String name) {
            if (value == null || !value.matches("[a-z0-9_]+")) {
                throw new IllegalArgumentException(name + " must be a plain x264 name like 'medium', was '" + value + "'");
            }
            return value;
        }
    }
}
