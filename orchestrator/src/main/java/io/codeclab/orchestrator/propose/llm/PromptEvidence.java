package io.codeclab.orchestrator.propose.llm;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codeclab.eval.harness.QualityPoint;
import io.codeclab.eval.policy.Policy;
import io.codeclab.eval.policy.PolicySource;
import io.codeclab.orchestrator.artifact.ArtifactStore;
import io.codeclab.orchestrator.experiment.ExperimentRecord;
import io.codeclab.orchestrator.experiment.ExperimentStatus;
import io.codeclab.orchestrator.experiment.ExperimentStore;
import io.codeclab.orchestrator.propose.ExperimentContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The facts a prompt is built from, read from where they live: the policy in force (its live source), the
 * champion's per-clip, per-quality points (its experiment's report artifact; for version 0, the latest
 * report that re-scored it), and earlier programs worth showing with their records and code.
 *
 * @param championPoints clip name to points; empty when the champion was never measured yet
 * @param championPointsFrom where those points come from, in words (an experiment id and its report)
 */
public record PromptEvidence(Policy policy, Map<String, List<QualityPoint>> championPoints,
                             String championPointsFrom, List<EarlierProgram> earlier) {

    public PromptEvidence {
        Objects.requireNonNull(policy, "policy");
        championPoints = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(championPoints));
        Objects.requireNonNull(championPointsFrom, "championPointsFrom");
        earlier = List.copyOf(earlier);
    }

    /** An earlier program shown to the model: why it was chosen, its record and its code. */
    public record EarlierProgram(String why, ExperimentRecord record, String code) {
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PromptEvidence.class);

    /** At most this many recent scored experiments are read to find the most different program. */
    static final int CANDIDATES = 20;

    /** Reads the evidence for {@code context}. A missing artifact leaves its part out; it never fails a proposal. */
    public static PromptEvidence gather(ExperimentContext context, PolicySource policies, ExperimentStore store,
                                        ArtifactStore artifacts, ObjectMapper json) {
        var champion = context.champion();
        Map<String, List<QualityPoint>> points = Map.of();
        String from = "";
        if (!champion.experimentId().isEmpty()) {
            var own = context.recent().stream().filter(r -> r.id().equals(champion.experimentId())).findFirst()
                    .or(() -> store.find(champion.experimentId()));
            if (own.isPresent()) {
                var report = report(own.get(), artifacts, json);
                var both = new LinkedHashMap<String, List<QualityPoint>>();
                both.putAll(report.getOrDefault("search", Map.of()));
                both.putAll(report.getOrDefault("adoption", Map.of()));
                points = both;
                from = "experiment " + own.get().id() + " (its report)";
            }
        }
        if (points.isEmpty()) {
            for (var r : context.recent()) {
                if (r.championVersion() == champion.version() && r.artifacts().containsKey("report")) {
                    points = report(r, artifacts, json).getOrDefault("champion", Map.of());
                    if (!points.isEmpty()) {
                        from = "experiment " + r.id() + " (re-scored as the champion on the adoption clips)";
                        break;
                    }
                }
            }
        }
        return new PromptEvidence(policies.current(), points, from, earlier(context, artifacts));
    }

    /** The best non-champion and the scored program that differs most from the champion's code. */
    static List<EarlierProgram> earlier(ExperimentContext context, ArtifactStore artifacts) {
        String championSha = context.championProgram().sha256();
        var candidates = context.recent().stream()
                .filter(r -> r.bdRateVsChampionPercent() != null && r.artifacts().containsKey("code"))
                .filter(r -> r.status() == ExperimentStatus.REJECTED || r.status() == ExperimentStatus.ADOPTED
                        || r.status() == ExperimentStatus.SCORED)
                .filter(r -> !r.codeSha256().equals(championSha))
                .limit(CANDIDATES).toList();
        var chosen = new ArrayList<EarlierProgram>();
        var best = candidates.stream().min(Comparator.comparingDouble(ExperimentRecord::bdRateVsChampionPercent));
        best.flatMap(r -> code(r, artifacts)).ifPresent(code -> chosen.add(new EarlierProgram(
                "the best program that is not the champion", best.get(), code)));
        var championLines = lines(context.championProgram().source());
        double farthest = -1;
        EarlierProgram different = null;
        for (var r : candidates) {
            if (best.isPresent() && r.id().equals(best.get().id())) {
                continue;
            }
            var code = code(r, artifacts);
            if (code.isEmpty()) {
                continue;
            }
            double distance = distance(championLines, lines(code.get()));
            if (distance > farthest) {
                farthest = distance;
                different = new EarlierProgram(String.format(java.util.Locale.ROOT,
                        "the scored program most different from the champion (%.0f %% of distinct lines differ)",
                        100 * distance), r, code.get());
            }
        }
        if (different != null) {
            chosen.add(different);
        }
        return chosen;
    }

    private static Set<String> lines(String code) {
        var set = new HashSet<String>();
        NormalizedCode.of(code).lines().map(String::strip).forEach(set::add);
        return set;
    }

    /** Jaccard distance of the normalised line sets: 0 the same lines, 1 none in common. */
    static double distance(Set<String> a, Set<String> b) {
        var union = new HashSet<>(a);
        union.addAll(b);
        if (union.isEmpty()) {
            return 0;
        }
        long common = a.stream().filter(b::contains).count();
        return 1.0 - (double) common / union.size();
    }

    private static Optional<String> code(ExperimentRecord r, ArtifactStore artifacts) {
        return artifacts.get(r.artifacts().get("code")).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    private static Map<String, Map<String, List<QualityPoint>>> report(ExperimentRecord r, ArtifactStore artifacts,
                                                                      ObjectMapper json) {
        String key = r.artifacts().get("report");
        if (key == null) {
            return Map.of();
        }
        var bytes = artifacts.get(key);
        if (bytes.isEmpty()) {
            return Map.of();
        }
        try {
            var tree = json.readTree(bytes.get());
            var out = new LinkedHashMap<String, Map<String, List<QualityPoint>>>();
            for (String section : List.of("search", "adoption", "champion")) {
                if (tree.has(section)) {
                    out.put(section, json.convertValue(tree.get(section),
                            new TypeReference<LinkedHashMap<String, List<QualityPoint>>>() { }));
                }
            }
            return out;
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("the report {} of experiment {} cannot be read ({}); the prompt goes without its points", key,
                    r.id(), e.getMessage());
            return Map.of();
        }
    }
}
