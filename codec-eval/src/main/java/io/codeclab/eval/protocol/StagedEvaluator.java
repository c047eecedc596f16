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
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs a candidate through the stages of SPEC §5, cheapest first, stopping at the first failure:
 * policy check; smoke (a few frames at one quality), whose bitstream is the program's behaviour hash for the
 * {@link NoveltyGate}; the search set at every quality; the held-out adoption set at every quality, compared with
 * the champion's scores on the same frames (measured once per champion, clip set and protocol: {@link ChampionScores}).
 *
 * <p>Thread-safe: experiments in flight at once share one evaluator, its sandbox slots and its champion scores.
 */
public final class StagedEvaluator {

    private final PolicyChecker policyChecker;
    private final PolicySource policies;
    private final ClipEvaluator clips;
    private final EvaluationProtocol protocol;
    private final AnchorSource anchor;
    private final ChampionScores championScores = new ChampionScores();
    private final ChampionScores championProbes = new ChampionScores();

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
        return evaluate(candidate, champion, searchSet, adoptionSet, listener, NoveltyGate.NONE);
    }

    /** As above; after the smoke stage, a program that behaves like one {@code novelty} saw before stops there. */
    public ProgramEvaluation evaluate(CodecProgram candidate, CodecProgram champion, List<Clip> searchSet,
                                      List<Clip> adoptionSet, StageListener listener, NoveltyGate novelty) {
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
        var duplicate = nearDuplicate((ClipEvaluation.Scored) smoke, champion, searchSet.get(0), novelty);
        if (duplicate != null) {
            return new ProgramEvaluation.Failed(verdict, duplicate);
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
            var key = new ChampionScores.Key(champion.sha256(), adoptionSet, protocol.qualities(),
                    protocol.adoptionLimits());
            var measured = this.championScores.get(key, () -> {
                var scores = new ArrayList<ClipEvaluation.Scored>();
                var f = scoreAll(Stage.ADOPTION, champion, adoptionSet, protocol.adoptionLimits(), scores, adoptionRuns,
                        listener);
                return new ChampionScores.Measured(scores, f == null ? null
                        : new ClipEvaluation.Failed(Stage.ADOPTION.label(), f, List.of()));
            });
            championScores.addAll(measured.scores());
            var championFailure = measured.failure() == null ? null : measured.failure().failure();
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

    /**
     * The program's behaviour hash: what its bitstream on the smoke clip at the smoke quality was, with the probe's
     * definition, so that a changed protocol never matches an old hash.
     */
    public static String behaviourHash(String clip, int quality, String bitstreamSha256) {
        return new CodecProgram(clip + "|" + quality + "|" + bitstreamSha256).sha256();
    }

    /** Time spent measuring rate and distortion in Java, all evaluations added up. */
    public Duration metricsTime() {
        return clips.metricsTime();
    }

    /** Adoption stages that used the champion's scores measured by an earlier one. */
    public long championScoresReused() {
        return championScores.hits();
    }

    /** The failure that stops a program behaving like the champion or a program seen before; null when it is new. */
    private EvaluationFailure nearDuplicate(ClipEvaluation.Scored smoke, CodecProgram champion, Clip probeClip,
                                           NoveltyGate novelty) {
        if (smoke.bitstreamSha256().isEmpty()) {
            return null;
        }
        String hash = behaviourHash(smoke.clip(), protocol.smokeQuality(), smoke.bitstreamSha256().get(0));
        var key = new ChampionScores.Key(champion.sha256(), List.of(probeClip), List.of(protocol.smokeQuality()),
                protocol.smokeLimits());
        var championProbe = championProbes.get(key, () -> {
            var run = clips.evaluate(Stage.SMOKE.label(), champion, probeClip.firstFrames(protocol.smokeFrames()),
                    List.of(protocol.smokeQuality()), protocol.smokeLimits());
            return run instanceof ClipEvaluation.Scored s ? new ChampionScores.Measured(List.of(s), null)
                    : new ChampionScores.Measured(List.of(), (ClipEvaluation.Failed) run);
        });
        var first = championProbe.scores().stream().flatMap(s -> s.bitstreamSha256().stream()).findFirst()
                .map(h -> behaviourHash(smoke.clip(), protocol.smokeQuality(), h))
                .filter(hash::equals).map(h -> "the champion")
                .or(() -> novelty.seenBefore(hash));
        return first.map(who -> new EvaluationFailure(Stage.SMOKE.label(), FailureKind.NEAR_DUPLICATE,
                "the program behaves like " + who + ": its bitstream on the smoke clip " + smoke.clip() + " at quality "
                        + protocol.smokeQuality() + " is byte for byte the same (behaviour " + hash.substring(0, 12)
                        + "), so measuring it again would tell nothing new; change what the codec computes, not only"
                        + " how it is written", "")).orElse(null);
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
