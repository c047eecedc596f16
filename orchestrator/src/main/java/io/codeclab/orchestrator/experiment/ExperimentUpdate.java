package io.codeclab.orchestrator.experiment;

import io.codeclab.eval.harness.QualityPoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One phase's change to an experiment: a new status, allowed only from the given states, plus the
 * attributes the phase produced. The store turns it into a single conditional UpdateItem that touches
 * only these attributes (and {@code updatedAt}); it never rewrites the whole item.
 */
public final class ExperimentUpdate {

    private final ExperimentStatus status;
    private final Set<ExperimentStatus> expectedStatuses;
    private final List<ValidationViolation> violations;
    private final List<StageResult> appendStages;
    private final List<QualityPoint> points;
    private final Double bdRateVsChampionPercent;
    private final Double bdRateVsX264Percent;
    private final Failure failure;
    private final Map<String, String> putArtifacts;
    private final boolean releaseLease;
    private final String leaseOwner;

    private ExperimentUpdate(Builder b) {
        this.status = b.status;
        this.expectedStatuses = Set.copyOf(b.expectedStatuses);
        this.violations = b.violations == null ? null : List.copyOf(b.violations);
        this.appendStages = List.copyOf(b.appendStages);
        this.points = b.points == null ? null : List.copyOf(b.points);
        this.bdRateVsChampionPercent = b.bdRateVsChampionPercent;
        this.bdRateVsX264Percent = b.bdRateVsX264Percent;
        this.failure = b.failure;
        this.putArtifacts = Map.copyOf(b.putArtifacts);
        this.releaseLease = b.releaseLease;
        this.leaseOwner = b.leaseOwner;
    }

    /** An update that moves the experiment to {@code status}, if it is currently in one of {@code from}. */
    public static Builder to(ExperimentStatus status, ExperimentStatus... from) {
        return new Builder(status, Set.of(from));
    }

    public ExperimentStatus status() { return status; }
    public Set<ExperimentStatus> expectedStatuses() { return expectedStatuses; }
    public Optional<List<ValidationViolation>> violations() { return Optional.ofNullable(violations); }
    public List<StageResult> appendStages() { return appendStages; }
    public Optional<List<QualityPoint>> points() { return Optional.ofNullable(points); }
    public Optional<Double> bdRateVsChampionPercent() { return Optional.ofNullable(bdRateVsChampionPercent); }
    public Optional<Double> bdRateVsX264Percent() { return Optional.ofNullable(bdRateVsX264Percent); }
    public Optional<Failure> failure() { return Optional.ofNullable(failure); }
    public Map<String, String> putArtifacts() { return putArtifacts; }
    /** Terminal updates drop the lease so nobody mistakes the experiment for a running one. */
    public boolean releaseLease() { return releaseLease; }
    /** The lease holder this write is fenced on: applied only while it holds an unexpired lease. */
    public Optional<String> leaseOwner() { return Optional.ofNullable(leaseOwner); }

    public static final class Builder {
        private final ExperimentStatus status;
        private final Set<ExperimentStatus> expectedStatuses;
        private List<ValidationViolation> violations;
        private final List<StageResult> appendStages = new ArrayList<>();
        private List<QualityPoint> points;
        private Double bdRateVsChampionPercent;
        private Double bdRateVsX264Percent;
        private Failure failure;
        private final Map<String, String> putArtifacts = new LinkedHashMap<>();
        private boolean releaseLease;
        private String leaseOwner;

        private Builder(ExperimentStatus status, Set<ExperimentStatus> from) {
            this.status = Objects.requireNonNull(status, "status");
            if (from.isEmpty()) {
                throw new IllegalArgumentException("an update must name the states it may start from");
            }
            this.expectedStatuses = from;
            this.releaseLease = status.isTerminal();
        }

        public Builder violations(List<ValidationViolation> violations) {
            this.violations = List.copyOf(violations);
            return this;
        }

        public Builder addStage(StageResult stage) {
            appendStages.add(Objects.requireNonNull(stage, "stage"));
            return this;
        }

        public Builder addStages(List<StageResult> stages) {
            stages.forEach(this::addStage);
            return this;
        }

        public Builder points(List<QualityPoint> points) {
            this.points = List.copyOf(points);
            return this;
        }

        public Builder bdRateVsChampionPercent(double value) {
            this.bdRateVsChampionPercent = value;
            return this;
        }

        public Builder bdRateVsX264Percent(double value) {
            this.bdRateVsX264Percent = value;
            return this;
        }

        public Builder failure(Failure failure) {
            this.failure = Objects.requireNonNull(failure, "failure");
            return this;
        }

        public Builder putArtifact(String name, String key) {
            putArtifacts.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(key, "key"));
            return this;
        }

        public Builder putArtifacts(Map<String, String> artifacts) {
            artifacts.forEach(this::putArtifact);
            return this;
        }

        /**
         * Fences the write on the lease: it applies only while {@code owner} holds the experiment's lease and
         * the lease has not expired, else the store throws {@link LeaseLostException}.
         */
        public Builder heldBy(String owner) {
            this.leaseOwner = Objects.requireNonNull(owner, "owner");
            return this;
        }

        public ExperimentUpdate build() {
            return new ExperimentUpdate(this);
        }
    }
}
