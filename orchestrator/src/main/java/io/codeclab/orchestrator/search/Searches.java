package io.codeclab.orchestrator.search;

import io.codeclab.orchestrator.artifact.ArtifactStore;
import io.codeclab.orchestrator.config.SearchConfig;
import io.codeclab.orchestrator.experiment.ExperimentStore;
import io.codeclab.orchestrator.propose.FailingRegions;
import io.codeclab.orchestrator.propose.OfflineProposer;
import io.codeclab.orchestrator.propose.TunableOptimizer;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/** The search's parts as {@code app.CodecLab} wires them from the {@code CODEC_LAB_SEARCH_*} settings. */
public final class Searches {

    private Searches() {
    }

    /** Parents and inspirations drawn from {@code programs}, seeded when {@code CODEC_LAB_SEARCH_SEED} is set. */
    public static ProgramSearch database(SearchConfig config, ProgramDatabase programs, ExperimentStore experiments,
                                         ArtifactStore artifacts, Clock clock) {
        var weights = config.parentWeights();
        var settings = new SearchSettings(weights.get("champion"), weights.get("top-k"), weights.get("explore"),
                config.topK(), config.inspirations());
        return new DatabaseSearch(programs, experiments, artifacts, settings, random(config, 0), clock);
    }

    /** The offline proposer in the configured mode, its CMA-ES replay reading scores from {@code programs}. */
    public static OfflineProposer offlineProposer(SearchConfig config, ProgramDatabase programs,
                                                  Supplier<FailingRegions> failing) {
        return new OfflineProposer(OfflineProposer.Mode.parse(config.offlineMode()), random(config, 1), failing,
                new TunableOptimizer(new ProgramScores(programs)), config.seed().orElse(0));
    }

    private static RandomGenerator random(SearchConfig config, long stream) {
        return config.seed().isPresent() ? new Shared(new SplittableRandom(config.seed().getAsLong() + stream))
                : new SecureRandom();
    }

    /**
     * A seeded generator drawn from by experiments in flight at once (SplittableRandom is not thread-safe); each
     * method used here delegates as it is, so a seed gives the same draws as the generator alone.
     */
    private record Shared(SplittableRandom random) implements RandomGenerator {
        @Override
        public synchronized long nextLong() {
            return random.nextLong();
        }

        @Override
        public synchronized int nextInt() {
            return random.nextInt();
        }

        @Override
        public synchronized int nextInt(int bound) {
            return random.nextInt(bound);
        }

        @Override
        public synchronized double nextDouble() {
            return random.nextDouble();
        }

        @Override
        public synchronized double nextGaussian() {
            return random.nextGaussian();
        }
    }
}
