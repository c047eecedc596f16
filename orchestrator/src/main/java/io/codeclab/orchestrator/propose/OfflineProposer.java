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

    private final RandomGenerator random;
    private final Supplier<FailingRegions> failing;

    public OfflineProposer(RandomGenerator random) {
        this(random, () -> FailingRegions.NONE);
    }

    /** @param failing the regions to stay out of, read once per proposal */
    public OfflineProposer(RandomGenerator random, Supplier<FailingRegions> failing) {
        this.random = random;
        this.failing = failing;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Proposal propose(ExperimentContext context) {
        for (var template : BuiltInCodecs.all()) {
            var program = template.program();
            if (!context.evaluatedHashes().contains(program.sha256())
                    && !program.sha256().equals(context.championProgram().sha256())) {
                return proposal(program, "built-in template " + template.name() + " with its default constants");
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
