package io.codeclab.orchestrator.propose;

import io.codeclab.eval.codecs.BuiltInCodecs;
import io.codeclab.eval.codecs.Tunable;
import io.codeclab.eval.codecs.Tunables;
import io.codeclab.eval.harness.CodecProgram;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Proposes programs with no model and no network: it explores the tunable constants of the built-in codec
 * programs. Structural moves (a different built-in template) come first while one is untried, then it
 * perturbs one to three constants of the champion (or of a template, when the champion has none).
 * Never proposes a program whose hash was already evaluated, nor moves a tunable into a region where earlier
 * attempts kept failing ({@link FailingRegions}, from the execution log).
 */
public final class OfflineProposer implements Proposer {

    public static final String NAME = "offline";
    private static final int ATTEMPTS = 50;

    /**
     * How the tunables are searched: {@code CMAES} optimises them with CMA-ES replayed from the program database
     * ({@link TunableOptimizer}); {@code PERTURB} moves one to three of them at random around the parent (the
     * baseline before issue 16); {@code RANDOM} samples every tunable of a template uniformly, with no feedback and
     * no database (the baseline any search must beat at equal budget).
     */
    public enum Mode {
        CMAES, PERTURB, RANDOM;

        /** The mode named {@code name} (any case), as the configuration spells it. */
        public static Mode parse(String name) {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        }
    }

    private final Mode mode;
    private final RandomGenerator random;
    private final Supplier<FailingRegions> failing;
    private final TunableOptimizer optimizer;
    private final long seed;

    public OfflineProposer(RandomGenerator random) {
        this(random, () -> FailingRegions.NONE);
    }

    /** @param failing the regions to stay out of, read once per proposal */
    public OfflineProposer(RandomGenerator random, Supplier<FailingRegions> failing) {
        this(Mode.PERTURB, random, failing, new TunableOptimizer(p -> OptionalDouble.empty()), 0);
    }

    /**
     * @param optimizer the CMA-ES replay ({@link Mode#CMAES}), reading scores from the program database
     * @param seed      the CMA-ES runs' seed (combined with the base program's hash, so that every process replays
     *                  the same run on the same base)
     */
    public OfflineProposer(Mode mode, RandomGenerator random, Supplier<FailingRegions> failing,
                           TunableOptimizer optimizer, long seed) {
        this.mode = mode;
        this.random = random;
        this.failing = failing;
        this.optimizer = optimizer;
        this.seed = seed;
    }

    public Mode mode() {
        return mode;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Proposal propose(ExperimentContext context) {
        if (mode == Mode.RANDOM) {
            return randomSample(context);
        }
        for (var template : BuiltInCodecs.all()) {
            var program = template.program();
            if (!context.evaluatedHashes().contains(program.sha256())
                    && !program.sha256().equals(context.championProgram().sha256())) {
                return proposal(program, "built-in template " + template.name() + " with its default constants");
            }
        }
        if (mode == Mode.CMAES) {
            var optimised = optimised(context);
            if (optimised.isPresent()) {
                return optimised.get();
            }
        }
        var avoid = failing.get();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            CodecProgram base = context.parentProgram();
            String baseName = context.buildsOnChampion() ? "the champion (v" + context.champion().version() + ")"
                    : "the parent (experiment " + context.lineage().parentExperimentId() + ")";
            if (Tunables.of(base).isEmpty() || random.nextInt(5) == 0) {
                var template = BuiltInCodecs.all().get(random.nextInt(BuiltInCodecs.all().size()));
                base = template.program();
                baseName = "template " + template.name();
            }
            var changes = perturb(Tunables.of(base), avoid);
            if (changes.isEmpty()) {
                continue;
            }
            var program = Tunables.with(base, changes.values);
            if (!context.evaluatedHashes().contains(program.sha256())
                    && !program.sha256().equals(context.championProgram().sha256())) {
                return proposal(program, baseName + " with " + String.join(", ", changes.descriptions));
            }
        }
        throw new ProposalException("NothingNew",
                "no unexplored variation of the built-in codecs found after " + ATTEMPTS + " attempts");
    }

    /** The next point of the CMA-ES run on the parent's tunables (or the first template's with tunables). */
    private Optional<Proposal> optimised(ExperimentContext context) {
        CodecProgram base = context.parentProgram();
        String baseName = context.buildsOnChampion() ? "the champion (v" + context.champion().version() + ")"
                : "the parent (experiment " + context.lineage().parentExperimentId() + ")";
        if (Tunables.of(base).isEmpty()) {
            var template = BuiltInCodecs.all().stream().filter(t -> !Tunables.of(t.program()).isEmpty()).findFirst();
            if (template.isEmpty()) {
                return Optional.empty();
            }
            base = template.get().program();
            baseName = "template " + template.get().name();
        }
        String championSha = context.championProgram().sha256();
        var ask = optimizer.next(base, seed ^ base.sha256().hashCode(),
                p -> context.evaluatedHashes().contains(p.sha256()) || p.sha256().equals(championSha));
        if (ask.isEmpty()) {
            return Optional.empty();
        }
        var changed = new ArrayList<String>();
        for (var t : Tunables.of(base)) {
            double v = ask.get().values().get(t.name());
            if (!t.format(v).equals(t.format(t.value()))) {
                changed.add(t.name() + " " + t.format(t.value()) + " -> " + t.format(v));
            }
        }
        return Optional.of(proposal(ask.get().program(), String.format(Locale.ROOT, "CMA-ES on %s (point %d of its"
                + " run): %s", baseName, ask.get().replayed() + 1, changed.isEmpty() ? "no constant changed"
                : String.join(", ", changed))));
    }

    /** Every tunable of a random template drawn uniformly (log-uniformly over wide positive ranges). */
    private Proposal randomSample(ExperimentContext context) {
        var templates = BuiltInCodecs.all().stream().filter(t -> !Tunables.of(t.program()).isEmpty()).toList();
        if (templates.isEmpty()) {
            throw new ProposalException("NothingNew", "no built-in template has tunable constants to sample");
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            var template = templates.get(random.nextInt(templates.size()));
            var tunables = Tunables.of(template.program());
            var x = new double[tunables.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextDouble();
            }
            var values = TunableOptimizer.values(tunables, x);
            var program = Tunables.with(template.program(), values);
            if (!context.evaluatedHashes().contains(program.sha256())
                    && !program.sha256().equals(context.championProgram().sha256())) {
                var described = new ArrayList<String>();
                values.forEach((k, v) -> described.add(k + "=" + v));
                return proposal(program, "random sample of template " + template.name() + ": "
                        + String.join(", ", described));
            }
        }
        throw new ProposalException("NothingNew", "no unevaluated random sample found after " + ATTEMPTS + " attempts");
    }

    private record Changes(Map<String, Double> values, List<String> descriptions) {
        boolean isEmpty() {
            return values.isEmpty();
        }
    }

    private Changes perturb(List<Tunable> tunables, FailingRegions avoid) {
        var values = new LinkedHashMap<String, Double>();
        var descriptions = new ArrayList<String>();
        if (tunables.isEmpty()) {
            return new Changes(values, descriptions);
        }
        int count = 1 + random.nextInt(Math.min(3, tunables.size()));
        var pool = new ArrayList<>(tunables);
        for (int i = 0; i < count && !pool.isEmpty(); i++) {
            Tunable t = pool.remove(random.nextInt(pool.size()));
            double span = t.max() - t.min();
            double next;
            if (t.integer() && span <= 1) {
                next = t.value() == t.min() ? t.max() : t.min();
            } else if (t.min() > 0 && t.max() / t.min() >= 4) {
                // Wide positive ranges move multiplicatively: steps matter relative to the value.
                next = t.value() * Math.exp(random.nextGaussian() * 0.3);
            } else {
                next = t.value() + random.nextGaussian() * 0.15 * span;
            }
            String formatted = t.format(next);
            if (formatted.equals(t.format(t.value())) || avoid.keepsFailing(t.name(), Double.parseDouble(formatted))) {
                continue;
            }
            values.put(t.name(), Double.parseDouble(formatted));
            descriptions.add(String.format(Locale.ROOT, "%s %s -> %s", t.name(), t.format(t.value()), formatted));
        }
        return new Changes(values, descriptions);
    }

    private static Proposal proposal(CodecProgram program, String summary) {
        return new Proposal(program, NAME, summary, "", "", null);
    }
}
