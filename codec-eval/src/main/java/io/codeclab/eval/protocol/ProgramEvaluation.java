package io.codeclab.eval.protocol;

import io.codeclab.eval.harness.ClipEvaluation;
import io.codeclab.eval.harness.EvaluationFailure;
import io.codeclab.eval.harness.QualityPoint;
import io.codeclab.eval.policy.PolicyVerdict;
import io.codeclab.eval.rd.RatePoint;
import java.util.List;
import java.util.Map;

/** The outcome of a codec program through the staged protocol: scored on every set, or failed at one stage. */
public sealed interface ProgramEvaluation {

    PolicyVerdict verdict();

    /**
     * Every stage passed.
     *
     * @param adoption                 the challenger on each held-out clip
     * @param champion                 the champion re-scored on the same frames
     * @param bdRateVsChampionPercent  mean over adoption clips of the per-clip BD-rate against the champion;
     *                                 NaN when the curves could not be compared (see {@code notes})
     * @param bdRateVsX264PerClip      per adoption clip, BD-rate against the x264 anchor (absent where the anchor is
     *                                 off or not comparable)
     * @param notes                    warnings a reader should see: low overlap, curves that could not be compared
     * @param x264PerClip              per adoption clip, the x264 anchor's points (rate, PSNR-Y) that BD-rate was
     *                                 measured against, for plots (absent where the anchor is off)
     */
    record Scored(PolicyVerdict verdict, List<ClipEvaluation.Scored> search, List<ClipEvaluation.Scored> adoption,
                  List<ClipEvaluation.Scored> champion, double bdRateVsChampionPercent,
                  Map<String, Double> bdRateVsX264PerClip, List<String> notes,
                  Map<String, List<RatePoint>> x264PerClip) implements ProgramEvaluation {
        public Scored {
            search = List.copyOf(search);
            adoption = List.copyOf(adoption);
            champion = List.copyOf(champion);
            bdRateVsX264PerClip = Map.copyOf(bdRateVsX264PerClip);
            notes = List.copyOf(notes);
            x264PerClip = Map.copyOf(x264PerClip);
        }

        /** Scored without the anchor's points. */
        public Scored(PolicyVerdict verdict, List<ClipEvaluation.Scored> search, List<ClipEvaluation.Scored> adoption,
                      List<ClipEvaluation.Scored> champion, double bdRateVsChampionPercent,
                      Map<String, Double> bdRateVsX264PerClip, List<String> notes) {
            this(verdict, search, adoption, champion, bdRateVsChampionPercent, bdRateVsX264PerClip, notes, Map.of());
        }

        /** The challenger's points on the first adoption clip: what records and reports show first. */
        public List<QualityPoint> headlinePoints() {
            return adoption.get(0).points();
        }

        /** Mean BD-rate against x264 over the adoption clips, or NaN when the anchor was off. */
        public double bdRateVsX264Percent() {
            return bdRateVsX264PerClip.values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }
    }

    /** A stage failed; later stages did not run. */
    record Failed(PolicyVerdict verdict, EvaluationFailure failure) implements ProgramEvaluation {
    }
}
