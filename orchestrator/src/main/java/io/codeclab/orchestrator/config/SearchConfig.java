package io.codeclab.orchestrator.config;

import static io.codeclab.orchestrator.config.CodecLabConfig.OFFLINE_MODE;
import static io.codeclab.orchestrator.config.CodecLabConfig.SEARCH_INSPIRATIONS;
import static io.codeclab.orchestrator.config.CodecLabConfig.SEARCH_PARENTS;
import static io.codeclab.orchestrator.config.CodecLabConfig.SEARCH_SEED;
import static io.codeclab.orchestrator.config.CodecLabConfig.SEARCH_TOP_K;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The program-database settings ({@code CODEC_LAB_SEARCH_*}, issue 16), checked when the configuration is built:
 * how parents are drawn (weights of the champion, the top k and exploration of other behaviour cells), k, how
 * many inspirations a prompt shows, and an optional seed that makes the draws repeatable. Plain values only:
 * {@code app.CodecLab} turns them into {@code search.SearchSettings}, which keeps this package free of its types.
 */
public final class SearchConfig {

    /** The parent modes {@link CodecLabConfig#SEARCH_PARENTS} may weigh, in order. */
    public static final List<String> MODES = List.of("champion", "top-k", "explore");
    static final String DEFAULT_PARENTS = "champion=0.5,top-k=0.3,explore=0.2";
    /** The offline proposer's modes ({@link CodecLabConfig#OFFLINE_MODE}). */
    public static final List<String> OFFLINE_MODES = List.of("cmaes", "perturb", "random");

    private final Map<String, Double> weights;
    private final int topK;
    private final int inspirations;
    private final OptionalLong seed;
    private final String offlineMode;

    SearchConfig(CodecLabConfig config) {
        this.weights = parseWeights(config.get(SEARCH_PARENTS).orElse(DEFAULT_PARENTS));
        this.topK = SettingValues.parsePositiveInt(SEARCH_TOP_K, config.get(SEARCH_TOP_K).orElse("3"));
        String rawInspirations = config.get(SEARCH_INSPIRATIONS).orElse("2");
        this.inspirations = rawInspirations.equals("0") ? 0 : SettingValues.parsePositiveInt(SEARCH_INSPIRATIONS,
                rawInspirations);
        if (inspirations > 5) {
            throw new ConfigException(SEARCH_INSPIRATIONS + "='" + rawInspirations + "' must be 0 to 5: each"
                    + " inspiration adds a whole program to the prompt");
        }
        this.seed = config.get(SEARCH_SEED).map(raw -> {
            try {
                return OptionalLong.of(Long.parseLong(raw));
            } catch (NumberFormatException e) {
                throw new ConfigException(SEARCH_SEED + "='" + raw + "' must be a whole number (or unset for a"
                        + " different draw every run)");
            }
        }).orElse(OptionalLong.empty());
        this.offlineMode = config.get(OFFLINE_MODE).orElse("cmaes").toLowerCase(Locale.ROOT);
        if (!OFFLINE_MODES.contains(offlineMode)) {
            throw new ConfigException(OFFLINE_MODE + "='" + config.get(OFFLINE_MODE).orElseThrow() + "' is not one of "
                    + OFFLINE_MODES + " (cmaes: optimise the tunables; perturb: the random-walk baseline; random:"
                    + " uniform samples, no feedback)");
        }
    }

    /** Weight of each mode of {@link #MODES}, all present, summing to more than 0. */
    public Map<String, Double> parentWeights() { return weights; }
    public int topK() { return topK; }
    public int inspirations() { return inspirations; }
    /** Seed of the parent and inspiration draws; empty: a fresh one per process. */
    public OptionalLong seed() { return seed; }
    /** How the offline proposer searches tunables: {@code cmaes} (default), {@code perturb} or {@code random}. */
    public String offlineMode() { return offlineMode; }

    static Map<String, Double> parseWeights(String raw) {
        var out = new LinkedHashMap<String, Double>();
        MODES.forEach(m -> out.put(m, 0.0));
        for (String part : raw.split(",")) {
            String p = part.trim();
            int eq = p.indexOf('=');
            String mode = eq < 0 ? p : p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            if (eq < 0 || !MODES.contains(mode)) {
                throw new ConfigException(SEARCH_PARENTS + "='" + raw + "': '" + p + "' is not mode=weight with a mode"
                        + " of " + MODES + " (example: " + DEFAULT_PARENTS + ")");
            }
            out.put(mode, SettingValues.parseNonNegativeDouble(SEARCH_PARENTS + " (" + mode + ")",
                    p.substring(eq + 1)));
        }
        if (out.values().stream().mapToDouble(Double::doubleValue).sum() <= 0) {
            throw new ConfigException(SEARCH_PARENTS + "='" + raw + "': at least one weight must be above 0");
        }
        return Map.copyOf(out);
    }
}
