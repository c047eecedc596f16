package io.codeclab.orchestrator.propose;

import io.codeclab.eval.codecs.Tunable;
import io.codeclab.eval.codecs.Tunables;
import io.codeclab.eval.harness.CodecProgram;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.CMAESOptimizer;
import org.apache.commons.math3.random.MersenneTwister;

/**
 * CMA-ES (Apache Commons Math's {@link CMAESOptimizer}) over the tunable constants of one base program, run as a
 * replay: every experiment evaluates one program, but the optimiser wants to call its objective itself. So each
 * call rebuilds the optimiser with the same seed from the base's values and answers its questions from what was
 * measured (scores from the program database); the first point it asks that was never evaluated is the next
 * proposal. The same history gives the same questions, so the search state is the database, nothing else.
 *
 * <p>The optimiser works in the unit cube: each tunable is mapped linearly onto [0, 1], or logarithmically when
 * its range is positive and spans a factor of 4 or more (the perturbation mode moves those multiplicatively too).
 * A program evaluated without a score (it failed, or is still being evaluated elsewhere) counts as 10 points worse
 * than the worst score seen in the replay, 100 when none is; the base itself (the optimiser's first point) counts
 * 0 when it has no score (the champion against itself). Point 1 of a run is its base.
 */
public final class TunableOptimizer {

    static final double SIGMA = 0.3;
    /** Programs built per point, kept across calls: a replay rebuilds every earlier point. */
    private static final int CACHE = 20_000;
    static final int MAX_REPLAY = 100_000;
    static final double FAILED = 100;

    private final Function<CodecProgram, OptionalDouble> scoreOf;
    private final Map<String, CodecProgram> built = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, CodecProgram> eldest) {
                    return size() > CACHE;
                }
            });

    /** @param scoreOf a program's score (BD-rate in percent, lower better) when it was measured */
    public TunableOptimizer(Function<CodecProgram, OptionalDouble> scoreOf) {
        this.scoreOf = scoreOf;
    }

    /** The next point, its program and its values by tunable name. */
    public record Ask(CodecProgram program, Map<String, Double> values, int replayed) {
    }

    /**
     * The next program of the CMA-ES run on {@code base}'s tunables, or empty when the base has none or the run
     * ended (converged) with every point it asked measured.
     *
     * @param evaluated whether a program was evaluated already (with or without a score)
     */
    public Optional<Ask> next(CodecProgram base, long seed, Predicate<CodecProgram> evaluated) {
        List<Tunable> tunables = Tunables.of(base);
        if (tunables.isEmpty()) {
            return Optional.empty();
        }
        int d = tunables.size();
        var start = new double[d];
        var lower = new double[d];
        var upper = new double[d];
        var sigma = new double[d];
        for (int i = 0; i < d; i++) {
            start[i] = Math.max(0, Math.min(1, toUnit(tunables.get(i), tunables.get(i).value())));
            upper[i] = 1;
            sigma[i] = SIGMA;
        }
        var replay = new Replay(base, tunables, evaluated);
        var optimizer = new CMAESOptimizer(MAX_REPLAY, Double.NEGATIVE_INFINITY, true, 0, 0,
                new MersenneTwister(seed), false, null);
        try {
            optimizer.optimize(new MaxEval(MAX_REPLAY), new ObjectiveFunction(replay::value), GoalType.MINIMIZE,
                    new InitialGuess(start), new SimpleBounds(lower, upper), new CMAESOptimizer.Sigma(sigma),
                    new CMAESOptimizer.PopulationSize(4 + (int) (3 * Math.log(d))));
        } catch (AskException ask) {
            return Optional.of(ask.ask);
        } catch (org.apache.commons.math3.exception.TooManyEvaluationsException spent) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The tunable values a point of the unit cube stands for, formatted as the program will hold them. */
    static Map<String, Double> values(List<Tunable> tunables, double[] x) {
        var values = new LinkedHashMap<String, Double>();
        for (int i = 0; i < tunables.size(); i++) {
            var t = tunables.get(i);
            values.put(t.name(), Double.parseDouble(t.format(fromUnit(t, x[i]))));
        }
        return values;
    }

    private static boolean logScale(Tunable t) {
        return t.min() > 0 && t.max() / t.min() >= 4;
    }

    static double toUnit(Tunable t, double v) {
        if (t.max() == t.min()) {
            return 0.5;
        }
        return logScale(t) ? Math.log(v / t.min()) / Math.log(t.max() / t.min()) : (v - t.min()) / (t.max() - t.min());
    }

    static double fromUnit(Tunable t, double u) {
        double c = Math.max(0, Math.min(1, u));
        return logScale(t) ? t.min() * Math.pow(t.max() / t.min(), c) : t.min() + c * (t.max() - t.min());
    }

    /** Answers the optimiser from the history; stops it at the first point never evaluated. */
    private final class Replay {
        private final CodecProgram base;
        private final List<Tunable> tunables;
        private final Predicate<CodecProgram> evaluated;
        private double worst = Double.NEGATIVE_INFINITY;
        private int count;

        Replay(CodecProgram base, List<Tunable> tunables, Predicate<CodecProgram> evaluated) {
            this.base = base;
            this.tunables = tunables;
            this.evaluated = evaluated;
        }

        double value(double[] x) {
            var values = values(tunables, x);
            var program = built.computeIfAbsent(base.sha256() + values, k -> Tunables.with(base, values));
            count++;
            var score = scoreOf.apply(program);
            if (score.isPresent()) {
                worst = Math.max(worst, score.getAsDouble());
                return score.getAsDouble();
            }
            if (evaluated.test(program)) {
                // The optimiser measures its start first: the base itself, typically the champion, which has no
                // score of its own until some experiment re-scored it; against itself its BD-rate is 0.
                if (program.sha256().equals(base.sha256())) {
                    return 0;
                }
                return worst == Double.NEGATIVE_INFINITY ? FAILED : worst + 10;
            }
            throw new AskException(new Ask(program, values, count - 1));
        }
    }

    /** Carries the first unmeasured point out of the optimiser's loop. */
    private static final class AskException extends RuntimeException {
        final transient Ask ask;

        AskException(Ask ask) {
            super(null, null, false, false);
            this.ask = ask;
        }
    }
}
