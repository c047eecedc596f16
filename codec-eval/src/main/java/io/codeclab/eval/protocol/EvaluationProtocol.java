package io.codeclab.eval.protocol;

import io.codeclab.sandbox.SandboxLimits;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The evaluation protocol of SPEC §5, immutable: qualities, the smoke stage's shape, limits per stage,
 * and the adoption rule's margin, floor and minimum PSNR overlap. Build with {@link #custom()} or take {@link #ofDefaults()}.
 */
public final class EvaluationProtocol {

    /** See {@link #minPsnrOverlapPercent()}. */
    public static final double DEFAULT_MIN_PSNR_OVERLAP_PERCENT = 50.0;

    private static final EvaluationProtocol DEFAULTS = custom().build();

    private final List<Integer> qualities;
    private final int smokeFrames;
    private final int smokeQuality;
    private final SandboxLimits smokeLimits;
    private final SandboxLimits searchLimits;
    private final SandboxLimits adoptionLimits;
    private final double adoptionMarginPercent;
    private final double psnrFloorDb;
    private final double minPsnrOverlapPercent;

    private EvaluationProtocol(Builder b) {
        this.qualities = List.copyOf(b.qualities);
        this.smokeFrames = b.smokeFrames;
        this.smokeQuality = b.smokeQuality;
        this.smokeLimits = b.smokeLimits;
        this.searchLimits = b.searchLimits;
        this.adoptionLimits = b.adoptionLimits;
        this.adoptionMarginPercent = b.adoptionMarginPercent;
        this.psnrFloorDb = b.psnrFloorDb;
        this.minPsnrOverlapPercent = b.minPsnrOverlapPercent;
    }

    public static EvaluationProtocol ofDefaults() {
        return DEFAULTS;
    }

    public static Builder custom() {
        return new Builder();
    }

    public Builder toBuilder() {
        return custom().qualities(qualities).smokeFrames(smokeFrames).smokeQuality(smokeQuality)
                .smokeLimits(smokeLimits).searchLimits(searchLimits).adoptionLimits(adoptionLimits)
                .adoptionMarginPercent(adoptionMarginPercent).psnrFloorDb(psnrFloorDb)
                .minPsnrOverlapPercent(minPsnrOverlapPercent);
    }

    /** Qualities every candidate runs at, ascending. */
    public List<Integer> qualities() { return qualities; }
    public int smokeFrames() { return smokeFrames; }
    public int smokeQuality() { return smokeQuality; }
    public SandboxLimits smokeLimits() { return smokeLimits; }
    public SandboxLimits searchLimits() { return searchLimits; }
    public SandboxLimits adoptionLimits() { return adoptionLimits; }
    /** A challenger is adopted only when its BD-rate against the champion is below this (negative) percentage. */
    public double adoptionMarginPercent() { return adoptionMarginPercent; }
    /** ... and its PSNR-Y at the top quality is above this floor on every adoption clip. */
    public double psnrFloorDb() { return psnrFloorDb; }
    /**
     * ... and, on every adoption clip, the PSNR-Y ranges of challenger and champion overlap by at least this
     * percentage (intersection over union): BD-rate averages over the common range only, and over a sliver of
     * it the figure is noise. The default, 50 %, lets two ranges of equal width differ by a third of that width.
     */
    public double minPsnrOverlapPercent() { return minPsnrOverlapPercent; }

    public static final class Builder {
        private List<Integer> qualities = List.of(2, 4, 6, 8);
        private int smokeFrames = 2;
        private int smokeQuality = 5;
        private SandboxLimits smokeLimits = SandboxLimits.custom().wallTimeout(Duration.ofSeconds(30)).build();
        private SandboxLimits searchLimits = SandboxLimits.custom().wallTimeout(Duration.ofSeconds(120)).build();
        private SandboxLimits adoptionLimits = SandboxLimits.custom().wallTimeout(Duration.ofSeconds(120)).build();
        private double adoptionMarginPercent = -1.0;
        private double psnrFloorDb = 30.0;
        private double minPsnrOverlapPercent = DEFAULT_MIN_PSNR_OVERLAP_PERCENT;

        private Builder() {
        }

        public Builder qualities(List<Integer> qualities) {
            if (qualities.size() < 2) {
                throw new IllegalArgumentException("BD-rate needs at least 2 qualities, got " + qualities);
            }
            for (int q : qualities) {
                if (q < 1 || q > 10) {
                    throw new IllegalArgumentException("qualities must be within 1..10, got " + qualities);
                }
            }
            if (qualities.stream().distinct().count() != qualities.size()) {
                throw new IllegalArgumentException("qualities must be distinct, got " + qualities);
            }
            this.qualities = qualities.stream().sorted().toList();
            return this;
        }

        public Builder smokeFrames(int smokeFrames) {
            if (smokeFrames < 1) {
                throw new IllegalArgumentException("smokeFrames must be positive, was " + smokeFrames);
            }
            this.smokeFrames = smokeFrames;
            return this;
        }

        public Builder smokeQuality(int smokeQuality) {
            if (smokeQuality < 1 || smokeQuality > 10) {
                throw new IllegalArgumentException("smokeQuality must be within 1..10, was " + smokeQuality);
            }
            this.smokeQuality = smokeQuality;
            return this;
        }

        public Builder smokeLimits(SandboxLimits limits) {
            this.smokeLimits = Objects.requireNonNull(limits, "smokeLimits");
            return this;
        }

        public Builder searchLimits(SandboxLimits limits) {
            this.searchLimits = Objects.requireNonNull(limits, "searchLimits");
            return this;
        }

        public Builder adoptionLimits(SandboxLimits limits) {
            this.adoptionLimits = Objects.requireNonNull(limits, "adoptionLimits");
            return this;
        }

        public Builder adoptionMarginPercent(double margin) {
            if (!(margin <= 0) || Double.isInfinite(margin)) {
                throw new IllegalArgumentException("the adoption margin must be a finite percentage <= 0, was " + margin);
            }
            this.adoptionMarginPercent = margin;
            return this;
        }

        public Builder psnrFloorDb(double floor) {
            if (!(floor >= 0 && floor < 100)) {
                throw new IllegalArgumentException("the PSNR floor must be within [0, 100) dB, was " + floor);
            }
            this.psnrFloorDb = floor;
            return this;
        }

        public Builder minPsnrOverlapPercent(double percent) {
            if (!(percent >= 0 && percent <= 100)) {
                throw new IllegalArgumentException("the minimum PSNR overlap must be within [0, 100] %, was " + percent);
            }
            this.minPsnrOverlapPercent = percent;
            return this;
        }

        public EvaluationProtocol build() {
            return new EvaluationProtocol(this);
        }
    }
}
