package io.codeclab.sandbox;

import java.time.Duration;

/**
 * Hard limits of one run. Immutable; build with {@link #custom()} or start from {@link #ofDefaults()}.
 * Defaults (SPEC §4): 1 CPU, 1 GiB memory (= memory+swap), 128 pids, 64 MiB tmpfs, 64 KiB of each
 * stream kept, 256 MiB and 1,000 files (directories and links included) of output, 60 s wall clock.
 *
 * <p>The output caps are per run: a caller that knows how much a program should write (a decoder's output is
 * the clip's raw size) sets {@link Builder#outputCapBytes(long)} and {@link Builder#outputCapFiles(int)}
 * to fit, for example {@code limits.toBuilder().outputCapBytes(rawBytes + margin).build()}.
 */
public final class SandboxLimits {

    private static final long MIB = 1024L * 1024L;
    private static final SandboxLimits DEFAULTS = new Builder().build();

    private final double cpus;
    private final long memoryBytes;
    private final int pids;
    private final long tmpfsBytes;
    private final Duration wallTimeout;
    private final int streamTailBytes;
    private final long outputCapBytes;
    private final int outputCapFiles;

    private SandboxLimits(Builder b) {
        this.cpus = b.cpus;
        this.memoryBytes = b.memoryBytes;
        this.pids = b.pids;
        this.tmpfsBytes = b.tmpfsBytes;
        this.wallTimeout = b.wallTimeout;
        this.streamTailBytes = b.streamTailBytes;
        this.outputCapBytes = b.outputCapBytes;
        this.outputCapFiles = b.outputCapFiles;
    }

    public static SandboxLimits ofDefaults() {
        return DEFAULTS;
    }

    public static Builder custom() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .cpus(cpus).memoryBytes(memoryBytes).pids(pids).tmpfsBytes(tmpfsBytes)
                .wallTimeout(wallTimeout).streamTailBytes(streamTailBytes).outputCapBytes(outputCapBytes)
                .outputCapFiles(outputCapFiles);
    }

    public double cpus() { return cpus; }
    public long memoryBytes() { return memoryBytes; }
    public int pids() { return pids; }
    public long tmpfsBytes() { return tmpfsBytes; }
    public Duration wallTimeout() { return wallTimeout; }
    public int streamTailBytes() { return streamTailBytes; }
    public long outputCapBytes() { return outputCapBytes; }
    /** Entries (files, directories, links) {@code /output} may hold; one more is OUTPUT_LIMIT. */
    public int outputCapFiles() { return outputCapFiles; }

    /** Threads numeric libraries may use: the granted CPUs, rounded up, at least one. */
    public int threads() {
        return Math.max(1, (int) Math.ceil(cpus));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SandboxLimits l && cpus == l.cpus && memoryBytes == l.memoryBytes && pids == l.pids
                && tmpfsBytes == l.tmpfsBytes && wallTimeout.equals(l.wallTimeout)
                && streamTailBytes == l.streamTailBytes && outputCapBytes == l.outputCapBytes
                && outputCapFiles == l.outputCapFiles;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(cpus, memoryBytes, pids, tmpfsBytes, wallTimeout, streamTailBytes, outputCapBytes,
                outputCapFiles);
    }

    @Override
    public String toString() {
        return "SandboxLimits[cpus=" + cpus + ", memoryBytes=" + memoryBytes + ", pids=" + pids
                + ", tmpfsBytes=" + tmpfsBytes + ", wallTimeout=" + wallTimeout
                + ", streamTailBytes=" + streamTailBytes + ", outputCapBytes=" + outputCapBytes
                + ", outputCapFiles=" + outputCapFiles + "]";
    }

    public static final class Builder {
        private double cpus = 1.0;
        private long memoryBytes = 1024 * MIB;
        private int pids = 128;
        private long tmpfsBytes = 64 * MIB;
        private Duration wallTimeout = Duration.ofSeconds(60);
        private int streamTailBytes = 64 * 1024;
        private long outputCapBytes = 256 * MIB;
        private int outputCapFiles = 1000;

        private Builder() {
        }

        public Builder cpus(double cpus) {
            if (!(cpus > 0 && cpus <= 64)) {
                throw new IllegalArgumentException("cpus must be in (0, 64], was " + cpus);
            }
            this.cpus = cpus;
            return this;
        }

        public Builder memoryBytes(long memoryBytes) {
            if (memoryBytes < 16 * MIB) {
                throw new IllegalArgumentException("memoryBytes must be at least 16 MiB, was " + memoryBytes);
            }
            this.memoryBytes = memoryBytes;
            return this;
        }

        public Builder pids(int pids) {
            if (pids < 8) {
                throw new IllegalArgumentException("pids must be at least 8, was " + pids);
            }
            this.pids = pids;
            return this;
        }

        public Builder tmpfsBytes(long tmpfsBytes) {
            if (tmpfsBytes < MIB) {
                throw new IllegalArgumentException("tmpfsBytes must be at least 1 MiB, was " + tmpfsBytes);
            }
            this.tmpfsBytes = tmpfsBytes;
            return this;
        }

        public Builder wallTimeout(Duration wallTimeout) {
            if (wallTimeout == null || wallTimeout.isNegative() || wallTimeout.isZero()) {
                throw new IllegalArgumentException("wallTimeout must be positive, was " + wallTimeout);
            }
            this.wallTimeout = wallTimeout;
            return this;
        }

        public Builder streamTailBytes(int streamTailBytes) {
            if (streamTailBytes < 256) {
                throw new IllegalArgumentException("streamTailBytes must be at least 256, was " + streamTailBytes);
            }
            this.streamTailBytes = streamTailBytes;
            return this;
        }

        public Builder outputCapBytes(long outputCapBytes) {
            if (outputCapBytes < 1024) {
                throw new IllegalArgumentException("outputCapBytes must be at least 1 KiB, was " + outputCapBytes);
            }
            this.outputCapBytes = outputCapBytes;
            return this;
        }

        /** Entries {@code /output} may hold (files, directories and links, at any depth); at least 1. */
        public Builder outputCapFiles(int outputCapFiles) {
            if (outputCapFiles < 1) {
                throw new IllegalArgumentException("outputCapFiles must be at least 1, was " + outputCapFiles);
            }
            this.outputCapFiles = outputCapFiles;
            return this;
        }

        public SandboxLimits build() {
            return new SandboxLimits(this);
        }
    }
}
