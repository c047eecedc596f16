package io.codeclab.eval.protocol;

import io.codeclab.eval.harness.ClipEvaluation;
import io.codeclab.eval.harness.QualityPoint;
import java.util.Comparator;
import java.util.Locale;

/**
 * SPEC §7's rule: adopt only when every check passed (the evaluation is {@link ProgramEvaluation.Scored}),
 * the BD-rate against the champion on the held-out set is below the margin, and PSNR-Y at the top quality
 * is above the floor on every held-out clip.
 */
public final class AdoptionRule {

    private final double marginPercent;
    private final double psnrFloorDb;

    public AdoptionRule(EvaluationProtocol protocol) {
        this.marginPercent = protocol.adoptionMarginPercent();
        this.psnrFloorDb = protocol.psnrFloorDb();
    }

    public AdoptionDecision decide(ProgramEvaluation.Scored scored) {
        double bd = scored.bdRateVsChampionPercent();
        if (Double.isNaN(bd)) {
            return new AdoptionDecision.Reject("not comparable with the champion: " + String.join("; ", scored.notes()));
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
}
