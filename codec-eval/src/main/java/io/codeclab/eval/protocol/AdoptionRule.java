package io.codeclab.eval.protocol;

import io.codeclab.eval.harness.ClipEvaluation;
import io.codeclab.eval.harness.QualityPoint;
import io.codeclab.eval.rd.BdRate;
import io.codeclab.eval.rd.RatePoint;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * SPEC §7's rule: adopt only when every check passed (the evaluation is {@link ProgramEvaluation.Scored}),
 * the PSNR-Y ranges of challenger and champion overlap by at least the protocol's minimum on every held-out
 * clip (BD-rate over a sliver of overlap is noise), PSNR-Y at the top quality is above the floor on every
 * held-out clip, and the BD-rate against the champion on the held-out set is below the margin.
 */
public final class AdoptionRule {

    /** Where a lossless point (infinite PSNR) ends the range for the overlap; BD-rate itself refuses such points. */
    private static final double LOSSLESS_PSNR_DB = 100;

    private final double marginPercent;
    private final double psnrFloorDb;
    private final double minOverlapPercent;

    public AdoptionRule(EvaluationProtocol protocol) {
        this.marginPercent = protocol.adoptionMarginPercent();
        this.psnrFloorDb = protocol.psnrFloorDb();
        this.minOverlapPercent = protocol.minPsnrOverlapPercent();
    }

    public AdoptionDecision decide(ProgramEvaluation.Scored scored) {
        double bd = scored.bdRateVsChampionPercent();
        if (Double.isNaN(bd)) {
            return new AdoptionDecision.Reject("not comparable with the champion: " + String.join("; ", scored.notes()));
        }
        if (scored.champion().size() != scored.adoption().size()) {
            return new AdoptionDecision.Reject("not comparable with the champion: it was scored on "
                    + scored.champion().size() + " clip(s), the challenger on " + scored.adoption().size());
        }
        for (int i = 0; i < scored.adoption().size(); i++) {
            var challenger = scored.adoption().get(i);
            double overlap = BdRate.overlapPercent(psnrPoints(scored.champion().get(i)), psnrPoints(challenger));
            if (overlap < minOverlapPercent) {
                return new AdoptionDecision.Reject(String.format(Locale.ROOT, "PSNR-Y ranges of challenger and "
                        + "champion on %s overlap by %.1f %%, less than the minimum of %.1f %%: a BD-rate over so "
                        + "little of the curves is noise", challenger.clip(), overlap, minOverlapPercent));
            }
        }
        for (ClipEvaluation.Scored clip : scored.adoption()) {
            QualityPoint top = clip.points().stream().max(Comparator.comparingInt(QualityPoint::quality)).orElseThrow();
            if (top.psnrY() <= psnrFloorDb) {
                return new AdoptionDecision.Reject(String.format(Locale.ROOT,
                        "PSNR-Y at quality %d on %s is %.2f dB, not above the floor of %.2f dB",
                        top.quality(), clip.clip(), top.psnrY(), psnrFloorDb));
            }
        }
        if (bd < marginPercent) {
            return new AdoptionDecision.Adopt(bd, String.format(Locale.ROOT,
                    "BD-rate against the champion %.2f %% is below the margin of %.2f %%", bd, marginPercent));
        }
        return new AdoptionDecision.Reject(String.format(Locale.ROOT,
                "BD-rate against the champion %.2f %% is not below the margin of %.2f %%", bd, marginPercent));
    }

    /** PSNR-Y per quality; the rate does not matter for the overlap. */
    private static List<RatePoint> psnrPoints(ClipEvaluation.Scored clip) {
        return clip.points().stream()
                .map(p -> new RatePoint(1, Double.isFinite(p.psnrY()) ? p.psnrY() : LOSSLESS_PSNR_DB)).toList();
    }
}
