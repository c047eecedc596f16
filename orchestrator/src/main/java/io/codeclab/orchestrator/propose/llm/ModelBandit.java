package io.codeclab.orchestrator.propose.llm;

import io.codeclab.orchestrator.experiment.ExperimentRecord;
import io.codeclab.orchestrator.experiment.ExperimentStatus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks which model answers the next call when several are configured: Thompson sampling on what each
 * model's experiments bought per dollar. For each model it samples an adoption rate from
 * Beta(1 + adoptions, 1 + experiments - adoptions), multiplies it by the mean BD-rate gain per adoption
 * (percent, with a prior of one adoption gaining {@value #PRIOR_GAIN_PERCENT}%) and divides by the mean cost
 * per experiment (plus {@value #COST_FLOOR_USD} USD, so free local models do not divide by zero), and takes
 * the best. With probability {@code explorationFloor} it picks uniformly instead, so no model starves.
 *
 * <p>No storage of its own: the statistics are rebuilt on each pick from recent experiment records
 * ({@link #outcomes}: source = model name, ADOPTED, bdRateVsChampionPercent, llmUsage.costUsd).
 */
public final class ModelBandit {

    private static final Logger log = LoggerFactory.getLogger(ModelBandit.class);

    static final double PRIOR_GAIN_PERCENT = 1.0;
    static final double COST_FLOOR_USD = 0.001;

    /** One finished experiment of a model: adopted or not, its BD-rate gain over the champion (percent, positive is better) and cost. */
    public record Outcome(String model, boolean adopted, double gainPercent, double costUsd) {
        public Outcome {
            Objects.requireNonNull(model, "model");
        }
    }

    private final double explorationFloor;
    private final RandomGenerator random;
    private final Supplier<? extends Collection<Outcome>> history;

    public ModelBandit(double explorationFloor, RandomGenerator random, Supplier<? extends Collection<Outcome>> history) {
        if (explorationFloor < 0 || explorationFloor > 1) {
            throw new IllegalArgumentException("explorationFloor must be within 0..1");
        }
        this.explorationFloor = explorationFloor;
        this.random = Objects.requireNonNull(random, "random");
        this.history = Objects.requireNonNull(history, "history");
    }

    /** Outcomes of finished experiments among {@code records} (running ones carry no verdict yet). */
    public static List<Outcome> outcomes(Collection<ExperimentRecord> records) {
        var list = new ArrayList<Outcome>();
        for (var r : records) {
            if (r.source() == null || !r.status().isTerminal()) {
                continue;
            }
            boolean adopted = r.status() == ExperimentStatus.ADOPTED;
            // BD-rate below zero means fewer bits for the same quality: a gain.
            double gain = adopted && r.bdRateVsChampionPercent() != null ? Math.max(0, -r.bdRateVsChampionPercent()) : 0;
            double cost = r.llmUsage() == null ? 0 : r.llmUsage().costUsd();
            list.add(new Outcome(r.source(), adopted, gain, cost));
        }
        return list;
    }

    /** One of {@code models} (names), never empty. */
    public String pick(List<String> models) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("no model to pick from");
        }
        if (models.size() == 1) {
            return models.get(0);
        }
        if (random.nextDouble() < explorationFloor) {
            return models.get(random.nextInt(models.size()));
        }
        Map<String, Stats> stats = statistics(Set.copyOf(models));
        String best = models.get(0);
        double bestScore = Double.NEGATIVE_INFINITY;
        for (String model : models) {
            double score = stats.getOrDefault(model, new Stats()).sample(random);
            if (score > bestScore) {
                bestScore = score;
                best = model;
            }
        }
        return best;
    }

    private Map<String, Stats> statistics(Set<String> models) {
        var stats = new HashMap<String, Stats>();
        Collection<Outcome> outcomes;
        try {
            outcomes = history.get();
        } catch (RuntimeException e) {
            log.warn("cannot read recent experiments for the model bandit; choosing without history: {}", e.getMessage());
            return stats;
        }
        for (Outcome o : outcomes) {
            if (models.contains(o.model())) {
                stats.computeIfAbsent(o.model(), m -> new Stats()).add(o);
            }
        }
        return stats;
    }

    /** Sums over one model's outcomes. */
    private static final class Stats {
        int experiments;
        int adoptions;
        double gain;
        double cost;

        void add(Outcome o) {
            experiments++;
            cost += Math.max(0, o.costUsd());
            if (o.adopted()) {
                adoptions++;
                gain += o.gainPercent();
            }
        }

        double sample(RandomGenerator random) {
            double rate = beta(random, 1 + adoptions, 1 + experiments - adoptions);
            double gainPerAdoption = (gain + PRIOR_GAIN_PERCENT) / (adoptions + 1);
            double costPerExperiment = experiments == 0 ? 0 : cost / experiments;
            return rate * gainPerAdoption / (costPerExperiment + COST_FLOOR_USD);
        }
    }

    /** Beta(a, b) for whole a, b as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b), each a sum of exponentials. */
    static double beta(RandomGenerator random, int a, int b) {
        double x = gamma(random, a);
        double y = gamma(random, b);
        return x / (x + y);
    }

    private static double gamma(RandomGenerator random, int shape) {
        double sum = 0;
        for (int i = 0; i < shape; i++) {
            sum -= Math.log(1 - random.nextDouble());
        }
        return sum;
    }
}
