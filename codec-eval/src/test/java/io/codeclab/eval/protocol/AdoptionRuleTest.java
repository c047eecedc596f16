package io.codeclab.eval.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeclab.eval.harness.ClipEvaluation;
import io.codeclab.eval.harness.QualityPoint;
import io.codeclab.eval.policy.PolicyVerdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdoptionRuleTest {

    private static final AdoptionRule DEFAULT_RULE = new AdoptionRule(EvaluationProtocol.ofDefaults());

    @Test
    void challengerBelowTheMarginAndAboveTheFloorIsAdopted() {
        var decision = DEFAULT_RULE.decide(scored(-4.25, clip("a", 30.5, 36.0)));

        assertThat(decision).isInstanceOf(AdoptionDecision.Adopt.class);
        assertThat(((AdoptionDecision.Adopt) decision).bdRateVsChampionPercent()).isEqualTo(-4.25);
        assertThat(decision.reason()).contains("-4.25 %").contains("below the margin of -1.00 %");
    }

    @Test
    void theMarginItselfIsNotEnough() {
        assertThat(DEFAULT_RULE.decide(scored(-1.0, clip("a", 30.5, 36.0))))
                .isInstanceOf(AdoptionDecision.Reject.class)
                .extracting(AdoptionDecision::reason).asString().contains("-1.00 % is not below the margin of -1.00 %");
        assertThat(DEFAULT_RULE.decide(scored(-0.99, clip("a", 30.5, 36.0))))
                .isInstanceOf(AdoptionDecision.Reject.class);
        assertThat(DEFAULT_RULE.decide(scored(-1.0001, clip("a", 30.5, 36.0))))
                .isInstanceOf(AdoptionDecision.Adopt.class);
        assertThat(DEFAULT_RULE.decide(scored(12.0, clip("a", 30.5, 36.0))))
                .isInstanceOf(AdoptionDecision.Reject.class);
    }

    @Test
    void marginComesFromTheProtocol() {
        var strict = new AdoptionRule(EvaluationProtocol.custom().adoptionMarginPercent(-5).build());

        assertThat(strict.decide(scored(-4.0, clip("a", 30.5, 36.0)))).isInstanceOf(AdoptionDecision.Reject.class)
                .extracting(AdoptionDecision::reason).asString().contains("margin of -5.00 %");
        assertThat(strict.decide(scored(-6.0, clip("a", 30.5, 36.0)))).isInstanceOf(AdoptionDecision.Adopt.class);
    }

    @Test
    void topQualityAtOrBelowTheFloorOnAnyClipIsRejectedWhateverTheBdRate() {
        var decision = DEFAULT_RULE.decide(scored(-40.0, clip("city", 28.0, 36.0), clip("cockatoo", 24.0, 29.5)));

        assertThat(decision).isInstanceOf(AdoptionDecision.Reject.class);
        assertThat(decision.reason()).isEqualTo("PSNR-Y at quality 8 on cockatoo is 29.50 dB, not above the floor of 30.00 dB");
        assertThat(DEFAULT_RULE.decide(scored(-40.0, clip("city", 25.0, 30.0))))
                .isInstanceOf(AdoptionDecision.Reject.class);
    }

    @Test
    void floorComesFromTheProtocolAndLosslessTopQualityIsAboveAnyFloor() {
        var lenient = new AdoptionRule(EvaluationProtocol.custom().psnrFloorDb(25).build());

        assertThat(lenient.decide(scored(-2.0, clip("a", 20.0, 26.0)))).isInstanceOf(AdoptionDecision.Adopt.class);
        assertThat(DEFAULT_RULE.decide(scored(-2.0, clip("a", 40.0, Double.POSITIVE_INFINITY))))
                .isInstanceOf(AdoptionDecision.Adopt.class);
    }

    @Test
    void topQualityIsTheHighestQualityNotTheLastPointListed() {
        var points = List.of(point(8, 29.0), point(2, 45.0));
        var clip = new ClipEvaluation.Scored("unordered", points, List.of());

        assertThat(DEFAULT_RULE.decide(scored(-10.0, clip))).isInstanceOf(AdoptionDecision.Reject.class)
                .extracting(AdoptionDecision::reason).asString().contains("quality 8 on unordered is 29.00 dB");
    }

    @Test
    void psnrRangesOverlappingByLessThanHalfAreRejectedWhateverTheBdRate() {
        // Champion 30..40 dB; challenger 34..44 dB: intersection 6 dB over a union of 14 dB = 42.857 %.
        var decision = DEFAULT_RULE.decide(scoredAgainst(-30.0, clip("city", 34.0, 44.0), clip("city", 30.0, 40.0)));

        assertThat(decision).isInstanceOf(AdoptionDecision.Reject.class);
        assertThat(decision.reason()).isEqualTo("PSNR-Y ranges of challenger and champion on city overlap by 42.9 %, "
                + "less than the minimum of 50.0 %: a BD-rate over so little of the curves is noise");
    }

    @Test
    void overlapAtTheMinimumIsEnoughAndTheMinimumComesFromTheProtocol() {
        // Champion 30..39 dB, challenger 33..42 dB: 6 dB of 12 dB = exactly 50 %.
        var atMinimum = scoredAgainst(-3.0, clip("a", 33.0, 42.0), clip("a", 30.0, 39.0));
        assertThat(DEFAULT_RULE.decide(atMinimum)).isInstanceOf(AdoptionDecision.Adopt.class);
        // Champion 30..39, challenger 33.01..42.01: 5.99 of 12.01 dB = 49.875 %, just below.
        assertThat(DEFAULT_RULE.decide(scoredAgainst(-3.0, clip("a", 33.01, 42.01), clip("a", 30.0, 39.0))))
                .isInstanceOf(AdoptionDecision.Reject.class)
                .extracting(AdoptionDecision::reason).asString().contains("overlap by 49.9 %");

        var strict = new AdoptionRule(EvaluationProtocol.custom().minPsnrOverlapPercent(60).build());
        assertThat(strict.decide(atMinimum)).isInstanceOf(AdoptionDecision.Reject.class)
                .extracting(AdoptionDecision::reason).asString().contains("less than the minimum of 60.0 %");
        assertThat(EvaluationProtocol.ofDefaults().minPsnrOverlapPercent()).isEqualTo(50.0);
    }

    @Test
    void disjointRangesOverlapByZeroAndAnyBadClipRejects() {
        var scored = new ProgramEvaluation.Scored(accepted(), List.of(),
                List.of(clip("a", 30.0, 40.0), clip("b", 41.0, 45.0)), List.of(clip("a", 30.0, 40.0), clip("b", 30.0, 40.0)),
                -50.0, Map.of(), List.of());

        assertThat(DEFAULT_RULE.decide(scored).reason()).startsWith("PSNR-Y ranges of challenger and champion on b "
                + "overlap by 0.0 %");
    }

    @Test
    void notComparableWithTheChampionIsRejectedWithTheNotes() {
        var scored = new ProgramEvaluation.Scored(accepted(), List.of(), List.of(clip("a", 30.5, 36.0)), List.of(),
                Double.NaN, Map.of(), List.of("a: the PSNR ranges do not overlap", "b: too few points"));

        var decision = DEFAULT_RULE.decide(scored);

        assertThat(decision).isInstanceOf(AdoptionDecision.Reject.class);
        assertThat(decision.reason()).isEqualTo(
                "not comparable with the champion: a: the PSNR ranges do not overlap; b: too few points");
    }

    /** A challenger scored on these clips against a champion with the same PSNR ranges (full overlap). */
    private static ProgramEvaluation.Scored scored(double bd, ClipEvaluation.Scored... adoption) {
        return new ProgramEvaluation.Scored(accepted(), List.of(), List.of(adoption), List.of(adoption), bd, Map.of(),
                List.of());
    }

    private static ProgramEvaluation.Scored scoredAgainst(double bd, ClipEvaluation.Scored challenger,
                                                          ClipEvaluation.Scored champion) {
        return new ProgramEvaluation.Scored(accepted(), List.of(), List.of(challenger), List.of(champion), bd, Map.of(),
                List.of());
    }

    private static PolicyVerdict accepted() {
        return new PolicyVerdict(true, "test", List.of());
    }

    /** A clip scored at qualities 2 and 8 with the given PSNR-Y. */
    private static ClipEvaluation.Scored clip(String name, double psnrAt2, double psnrAt8) {
        return new ClipEvaluation.Scored(name, List.of(point(2, psnrAt2), point(8, psnrAt8)), List.of());
    }

    private static QualityPoint point(int quality, double psnrY) {
        return new QualityPoint(quality, 1000L * quality, 100.0 * quality, 0.1 * quality, psnrY, psnrY - 1, 0.9, 30, 60);
    }
}
