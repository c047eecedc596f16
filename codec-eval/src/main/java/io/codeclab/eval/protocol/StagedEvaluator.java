package io.codeclab.eval.protocol;

import io.codeclab.eval.EvaluationException;
import io.codeclab.eval.harness.Clip;
import io.codeclab.eval.harness.ClipEvaluation;
import io.codeclab.eval.harness.ClipEvaluator;
import io.codeclab.eval.harness.CodecProgram;
import io.codeclab.eval.harness.EvaluationFailure;
import io.codeclab.eval.harness.FailureKind;
import io.codeclab.eval.harness.QualityPoint;
import io.codeclab.eval.harness.SandboxRun;
import io.codeclab.eval.policy.PolicyChecker;
import io.codeclab.eval.policy.PolicySource;
import io.codeclab.eval.policy.PolicyVerdict;
import io.codeclab.eval.policy.Violation;
import io.codeclab.eval.rd.BdRate;
import io.codeclab.eval.rd.RatePoint;
import io.codeclab.sandbox.SandboxLimits;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs a candidate through the stages of SPEC §5, cheapest first, stopping at the first failure:
 * policy check; smoke (a few frames at one quality); the search set at every quality; the held-out
 * adoption set at every quality with the champion re-scored on the same frames.
 */
public final class StagedEvaluator {

    private final PolicyChecker policyChecker;
    private final PolicySource policies;
    private final ClipEvaluator clips;
    private final EvaluationProtocol protocol;
    private final AnchorSource anchor;

    public StagedEvaluator(PolicyChecker policyChecker, PolicySource policies, ClipEvaluator clips,
                           EvaluationProtocol protocol, AnchorSource anchor) {
        this.policyChecker = policyChecker;
        this.policies = policies;
        this.clips = clips;
        this.protocol = protocol;
        this.anchor = anchor;
    }

    public EvaluationProtocol protocol() {
        return protocol;
    }

    /** The policy stage alone. */
    public PolicyVerdict validate(CodecProgram program) {
        return policyChecker.check(program.source(), policies.current());
    }

    public ProgramEvaluation evaluate(CodecProgram candidate, CodecProgram champion, List<Clip> searchSet,
                                      List<Clip> adoptionSet, StageListener listener) {
        if (searchSet.isEmpty() || adoptionSet.isEmpty()) {
            throw new IllegalArgumentException("the search and adoption sets must each hold at least one clip");
        }
        listener.stageStarted(Stage.POLICY);
        PolicyVerdict verdict = validate(candidate);
        listener.policyChecked(verdict);
        listener.stageFinished(Stage.POLICY, List.of());
        if (!verdict.accepted()) {
            return new ProgramEvaluation.Failed(verdict, policyFailure(verdict));
        }

        listener.stageStarted(Stage.SMOKE);
        var smokeClip = searchSet.get(0).firstFrames(protocol.smokeFrames());
        var smoke = clips.evaluate(Stage.SMOKE.label(), candidate, smokeClip, List.of(protocol.smokeQuality()),
                protocol.smokeLimits());
        smoke.runs().forEach(listener::sandboxRunFinished);
        listener.stageFinished(Stage.SMOKE, smoke.runs());
        if (smoke instanceof ClipEvaluation.Failed f) {
            return new ProgramEvaluation.Failed(verdict, f.failure());
        }

        listener.stageStarted(Stage.SEARCH);
        var search = new ArrayList<ClipEvaluation.Scored>();
        var searchRuns = new ArrayList<SandboxRun>();
        var searchFailure = scoreAll(Stage.SEARCH, candidate, searchSet, protocol.searchLimits(), search, searchRuns,
                listener);
        listener.stageFinished(Stage.SEARCH, searchRuns);
        if (searchFailure != null) {
            return new ProgramEvaluation.Failed(verdict, searchFailure);
        }

        listener.stageStarted(Stage.ADOPTION);
        var adoption = new ArrayList<ClipEvaluation.Scored>();
        var championScores = new ArrayList<ClipEvaluation.Scored>();
        var adoptionRuns = new ArrayList<SandboxRun>();
        // A set used for both stages (e.g. `eval --clip`) is not scored twice: the frames and limits are the same.
        EvaluationFailure failure = null;
        if (adoptionSet.equals(searchSet) && protocol.adoptionLimits().equals(protocol.searchLimits())) {
            adoption.addAll(search);
        } else {
            failure = scoreAll(Stage.ADOPTION, candidate, adoptionSet, protocol.adoptionLimits(), adoption, adoptionRuns,
                    listener);
        }
        if (failure == null) {
            var championFailure = scoreAll(Stage.ADOPTION, champion, adoptionSet, protocol.adoptionLimits(),
                    championScores, adoptionRuns, listener);
            if (championFailure != null) {
                failure = new EvaluationFailure(Stage.ADOPTION.label(), "CHAMPION_FAILED",
                        "the champion failed when re-scored (" + championFailure.kind() + ": "
                                + championFailure.message() + "): nothing can be compared against it",
                        championFailure.tracebackTail());
            }
        }
        listener.stageFinished(Stage.ADOPTION, adoptionRuns);
        if (failure != null) {
            return new ProgramEvaluation.Failed(verdict, failure);
        }
        return compare(verdict, search, adoption, championScores, adoptionSet);
    }

    private ProgramEvaluation.Scored compare(PolicyVerdict verdict, List<ClipEvaluation.Scored> search,
                                             List<ClipEvaluation.Scored> adoption,
                                             List<ClipEvaluation.Scored> championScores,
                                             List<Clip> adoptionSet) {
        var notes = new ArrayList<String>();
        double sum = 0;
        boolean comparable = true;
        for (int i = 0; i < adoption.size(); i++) {
            var clipName = adoption.get(i).clip();
            try {
                var result = BdRate.compute(ratePoints(championScores.get(i).points()), ratePoints(adoption.get(i).points()));
                sum += result.bdRatePercent();
                if (result.lowOverlap()) {
                    notes.add(String.format(Locale.ROOT, "%s: PSNR ranges of challenger and champion overlap by "
                            + "only %.0f %%", clipName, result.overlapPercent()));
                }
            } catch (EvaluationException e) {
                comparable = false;
                notes.add(clipName + ": " + e.getMessage());
            }
        }
        Map<String, Double> vsX264 = new LinkedHashMap<>();
        Map<String, List<RatePoint>> x264Points = new LinkedHashMap<>();
        for (int i = 0; i < adoption.size(); i++) {
            var clip = adoption.get(i);
            var anchorPoints = anchor.points(adoptionSet.get(i));
            if (anchorPoints.isEmpty()) {
                continue;
            }
            x264Points.put(clip.clip(), anchorPoints);
            try {
                vsX264.put(clip.clip(), BdRate.compute(anchorPoints, ratePoints(clip.points())).bdRatePercent());
            } catch (EvaluationException e) {
                notes.add(clip.clip() + " against x264: " + e.getMessage());
            }
        }
        double bd = comparable ? sum / adoption.size() : Double.NaN;
        return new ProgramEvaluation.Scored(verdict, search, adoption, championScores, bd, vsX264, notes, x264Points);
    }

    private EvaluationFailure scoreAll(Stage stage, CodecProgram program, List<Clip> set, SandboxLimits limits,
                                       List<ClipEvaluation.Scored> into, List<SandboxRun> runs,
                                       StageListener listener) {
        for (Clip clip : set) {
            var result = clips.evaluate(stage.label(), program, clip, protocol.qualities(), limits);
            runs.addAll(result.runs());
            result.runs().forEach(listener::sandboxRunFinished);
            if (result instanceof ClipEvaluation.Failed f) {
                return f.failure();
            }
            into.add((ClipEvaluation.Scored) result);
        }
        return null;
    }

    /** The rate-distortion curve BD-rates are computed on: kbps over PSNR-Y. */
    public static List<RatePoint> ratePoints(List<QualityPoint> points) {
        return points.stream().map(p -> new RatePoint(p.kbps(), p.psnrY())).toList();
    }

    private static EvaluationFailure policyFailure(PolicyVerdict verdict) {
        var lines = new ArrayList<String>();
        for (Violation v : verdict.violations()) {
            lines.add("line " + v.line() + ":" + v.column() + " " + v.rule() + ": " + v.message());
        }
        String rule = verdict.violations().isEmpty() ? FailureKind.POLICY : verdict.violations().get(0).rule();
        return new EvaluationFailure(Stage.POLICY.label(), rule,
                verdict.violations().size() + " policy violation(s): " + String.join("; ", lines), "");
    }
}
