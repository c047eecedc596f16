package io.codeclab.orchestrator.search;

/**
 * How parents and inspirations are drawn from the program database. The three weights need not sum to 1: a
 * parent mode is drawn with probability weight / sum.
 *
 * @param championWeight exploitation: build on the champion
 * @param topKWeight     exploitation: build on one of the {@code topK} best programs, drawn uniformly
 * @param exploreWeight  exploration: build on the best program of another behaviour cell, drawn uniformly
 * @param inspirations   how many further programs the proposer is shown (0 to 5)
 */
public record SearchSettings(double championWeight, double topKWeight, double exploreWeight, int topK,
                             int inspirations) {

    /** The configuration's defaults. */
    public static final SearchSettings DEFAULTS = new SearchSettings(0.5, 0.3, 0.2, 3, 2);

    public SearchSettings {
        if (!(championWeight >= 0 && topKWeight >= 0 && exploreWeight >= 0)
                || championWeight + topKWeight + exploreWeight <= 0) {
            throw new IllegalArgumentException("parent weights must be non-negative with a positive sum, were "
                    + championWeight + ", " + topKWeight + ", " + exploreWeight);
        }
        if (topK < 1 || inspirations < 0 || inspirations > 5) {
            throw new IllegalArgumentException("topK must be at least 1 and inspirations 0 to 5, were " + topK
                    + " and " + inspirations);
        }
    }
}
