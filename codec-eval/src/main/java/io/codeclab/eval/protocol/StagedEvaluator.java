package io.codeclab.eval.protocol;

import io.codeclab.eval.EvaluationException;
import io.codeclab.eval.Sha256;
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
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs a candidate through the stages of SPEC §5, cheapest first, stopping at the first failure:
 * policy check; smoke (a few frames at one quality; with a {@link NoveltyGate}, also their encodes at the lowest
 * and highest qualities, the program's behaviour hash); the search set at every quality; the held-out adoption set
 * at every quality, compared with the champion's scores on the same frames (measured once per champion, clip set
 * and protocol: {@link ChampionScores}).
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
    /** The champion's behaviour hash per code hash and probe ("" when its probe failed). */
    private final Map<ChampionScores.Key, String> championBehaviours = new ConcurrentHashMap<>();

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

    /**
     * As above; after the smoke stage, a program that behaves like the champion or like one {@code novelty} saw
     * before stops there. {@link NoveltyGate#NONE} measures whatever it is given (no probe, no comparison).
     */
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
        var smokeRuns = new ArrayList<>(smoke.runs());
        String behaviour = "";
        if (smoke instanceof ClipEvaluation.Scored scored && novelty != NoveltyGate.NONE) {
            var probe = probe(candidate, smokeClip, scored);
            smokeRuns.addAll(probe.runs());
            behaviour = probe.behaviour();
        }
        smokeRuns.forEach(listener::sandboxRunFinished);
        listener.stageFinished(Stage.SMOKE, smokeRuns);
        if (smoke instanceof ClipEvaluation.Failed f) {
            return new ProgramEvaluation.Failed(verdict, f.failure());
        }
        var duplicate = nearDuplicate(behaviour, champion, searchSet.get(0), smoke.clip(), novelty);
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
     * The extremes of the protocol's qualities, where the behaviour probe encodes besides the smoke quality: one
     * quality alone misses what a program does only elsewhere (a step that grows with the distance from it).
     */
    private List<Integer> probeQualities() {
        var q = protocol.qualities();
        int low = q.stream().min(Integer::compare).orElseThrow();
        int high = q.stream().max(Integer::compare).orElseThrow();
        return java.util.stream.Stream.of(low, high).filter(x -> x != protocol.smokeQuality()).distinct().toList();
    }

    /** A program's behaviour hash ("" when an encode failed: nothing is compared then) and the runs it took. */
    private record Probe(String behaviour, List<SandboxRun> runs) {
    }

    /**
     * The behaviour probe after a passed smoke stage: the smoke clip encoded at the protocol's lowest and highest
     * qualities. The hash covers those bitstreams and the smoke quality's, with the probe's definition, so that a
     * changed protocol never matches an old hash.
     */
    private Probe probe(CodecProgram program, Clip smokeClip, ClipEvaluation.Scored smoke) {
        var qualities = probeQualities();
        var encodes = clips.encodeOnly(Stage.SMOKE.label(), program, smokeClip, qualities, protocol.smokeLimits());
        if (smoke.bitstreamSha256().isEmpty() || encodes.bitstreamSha256().isEmpty()) {
            return new Probe("", encodes.runs());
        }
        var text = new StringBuilder(smokeClip.name()).append('|').append(protocol.smokeQuality()).append(':')
                .append(smoke.bitstreamSha256().get(0));
        for (int i = 0; i < qualities.size(); i++) {
            text.append('|').append(qualities.get(i)).append(':').append(encodes.bitstreamSha256().get(i));
        }
        return new Probe(Sha256.hex(text.toString()), encodes.runs());
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
    private EvaluationFailure nearDuplicate(String behaviour, CodecProgram champion, Clip probeClip, String smokeClip,
                                            NoveltyGate novelty) {
        if (behaviour.isEmpty()) {
            return null;
        }
        var key = new ChampionScores.Key(champion.sha256(), List.of(probeClip), protocol.qualities(),
                protocol.smokeLimits());
        String championBehaviour = championBehaviours.computeIfAbsent(key, k -> {
            var clip = probeClip.firstFrames(protocol.smokeFrames());
            var run = clips.evaluate(Stage.SMOKE.label(), champion, clip, List.of(protocol.smokeQuality()),
                    protocol.smokeLimits());
            return run instanceof ClipEvaluation.Scored s ? probe(champion, clip, s).behaviour() : "";
        });
        var first = behaviour.equals(championBehaviour) ? Optional.of("the champion") : novelty.seenBefore(behaviour);
        return first.map(who -> new EvaluationFailure(Stage.SMOKE.label(), FailureKind.NEAR_DUPLICATE,
                "the program behaves like " + who + ": its bitstreams on the smoke clip " + smokeClip + " at qualities "
                        + protocol.smokeQuality() + " and " + probeQualities() + " are byte for byte the same (behaviour "
                        + behaviour.substring(0, 12) + "), so measuring it again would tell nothing new; change what"
                        + " the codec computes, not only how it is written", "")).orElse(null);
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
