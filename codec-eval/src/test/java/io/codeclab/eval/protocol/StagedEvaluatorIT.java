package io.codeclab.eval.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.codeclab.eval.codecs.BuiltInCodecs;
import io.codeclab.eval.harness.Clip;
import io.codeclab.eval.harness.ClipEvaluation;
import io.codeclab.eval.harness.ClipEvaluator;
import io.codeclab.eval.harness.CodecHarness;
import io.codeclab.eval.harness.CodecProgram;
import io.codeclab.eval.harness.FailureKind;
import io.codeclab.eval.harness.QualityPoint;
import io.codeclab.eval.harness.RecordingSandbox;
import io.codeclab.eval.harness.SandboxRun;
import io.codeclab.eval.harness.TestFootage;
import io.codeclab.eval.policy.PolicyChecker;
import io.codeclab.eval.policy.PolicySource;
import io.codeclab.eval.policy.PolicyVerdict;
import io.codeclab.sandbox.SandboxBackend;
import io.codeclab.sandbox.SandboxConfig;
import io.codeclab.sandbox.Sandboxes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole staged protocol on real footage in the bwrap sandbox: policy, smoke, search, adoption with the
 * champion re-scored, and the adoption rule on top.
 */
class StagedEvaluatorIT {

    private static final int FRAMES = 6;
    private static final Logger LOG = LoggerFactory.getLogger(StagedEvaluatorIT.class);

    @TempDir
    static Path workRoot;

    private static RecordingSandbox sandbox;
    private static StagedEvaluator evaluator;
    private static int evaluators;
    private static List<Clip> searchSet;
    private static List<Clip> adoptionSet;

    private final RecordingListener listener = new RecordingListener();

    @BeforeAll
    static void start() {
        sandbox = new RecordingSandbox(Sandboxes.create(SandboxConfig.custom().backend(SandboxBackend.BWRAP).build()));
        searchSet = List.of(TestFootage.search(FRAMES));
        adoptionSet = List.of(TestFootage.adoption(FRAMES));
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    /** A fresh evaluator per test: its champion scores and probes are measured anew. */
    @BeforeEach
    void forgetEarlierRuns() {
        sandbox.clear();
        evaluator = evaluator(EvaluationProtocol.ofDefaults());
    }

    private static StagedEvaluator evaluator(EvaluationProtocol protocol) {
        var clips = new ClipEvaluator(new CodecHarness(sandbox, workRoot.resolve("runs-" + ++evaluators)), 2);
        return new StagedEvaluator(new PolicyChecker(sandbox), PolicySource.bundled(), clips, protocol,
                AnchorSource.NONE);
    }

    @Test
    void policyViolationStopsAtThePolicyStageWithoutRunningTheCandidate() {
        var candidate = new CodecProgram("""
                import os
                import numpy as np

                def encode(frames, quality):
                    os.system("cat /etc/passwd")
                    return frames.tobytes()

                def decode(data):
                    return np.frombuffer(data, dtype=np.uint8)
                """);

        var result = evaluator.evaluate(candidate, BuiltInCodecs.baseline(), searchSet, adoptionSet, listener);

        assertThat(result).isInstanceOf(ProgramEvaluation.Failed.class);
        var failed = (ProgramEvaluation.Failed) result;
        assertThat(failed.verdict().accepted()).isFalse();
        var firstRule = failed.verdict().violations().get(0).rule();
        assertThat(firstRule).isEqualTo("import-not-allowed");
        assertThat(failed.failure().stage()).isEqualTo("policy");
        assertThat(failed.failure().kind()).isEqualTo(firstRule);
        assertThat(failed.failure().message()).contains("policy violation").contains("line 1:").contains("os");
        // the checker ran (once, in the sandbox); the candidate never did
        assertThat(sandbox.commands()).hasSize(1);
        assertThat(sandbox.harnessRuns()).isZero();
        assertThat(listener.events()).containsExactly("started POLICY", "policy rejected", "finished POLICY 0");
    }

    @Test
    void crashingCandidateStopsAtTheSmokeStage() {
        var candidate = new CodecProgram("""
                import numpy as np

                def encode(frames, quality):
                    table = {1: 0.5, 2: 0.25}
                    return np.round(frames * table[quality]).astype(np.uint8).tobytes()

                def decode(data):
                    return np.frombuffer(data, dtype=np.uint8)
                """);

        var result = evaluator.evaluate(candidate, BuiltInCodecs.baseline(), searchSet, adoptionSet, listener);

        assertThat(result).isInstanceOf(ProgramEvaluation.Failed.class);
        var failed = (ProgramEvaluation.Failed) result;
        assertThat(failed.verdict().accepted()).isTrue();
        assertThat(failed.failure().stage()).isEqualTo("smoke");
        assertThat(failed.failure().kind()).isEqualTo("KeyError");
        assertThat(failed.failure().message()).isEqualTo("KeyError: 5");
        assertThat(failed.failure().tracebackTail()).contains("in encode");
        assertThat(listener.stagesStarted()).containsExactly(Stage.POLICY, Stage.SMOKE);
        assertThat(listener.events()).endsWith("finished SMOKE 1");
        // one encode at the smoke quality on the first frames of the first search clip
        assertThat(sandbox.harnessRuns()).isEqualTo(1);
        var smokeRun = listener.runs(Stage.SMOKE).get(0);
        assertThat(smokeRun.quality()).isEqualTo(EvaluationProtocol.ofDefaults().smokeQuality());
        assertThat(smokeRun.clip()).isEqualTo(searchSet.get(0).name() + "[0:2]");
        assertThat(smokeRun.stage()).isEqualTo("smoke");
    }

    @Test
    void blockDctBeatsTheJpegChampionOnRealFootageAndIsAdopted() {
        var result = evaluator.evaluate(builtIn(BuiltInCodecs.BLOCK_DCT), BuiltInCodecs.baseline(), searchSet,
                adoptionSet, listener);

        assertThat(result).as("%s", result).isInstanceOf(ProgramEvaluation.Scored.class);
        var scored = (ProgramEvaluation.Scored) result;
        LOG.info("block_dct vs jpeg_baseline on {}: BD-rate {} %, challenger {}, champion {}",
                adoptionSet.get(0).name(), scored.bdRateVsChampionPercent(), scored.adoption().get(0).points(),
                scored.champion().get(0).points());
        assertThat(scored.bdRateVsChampionPercent()).isLessThan(-1.0);
        assertThat(scored.bdRateVsX264PerClip()).isEmpty();
        assertThat(scored.x264PerClip()).isEmpty();
        assertThat(scored.bdRateVsX264Percent()).isNaN();
        assertEveryStageScoredAtEveryQuality(scored);
        var decision = new AdoptionRule(evaluator.protocol()).decide(scored);
        assertThat(decision).as(decision.reason()).isInstanceOf(AdoptionDecision.Adopt.class);
        assertThat(((AdoptionDecision.Adopt) decision).bdRateVsChampionPercent())
                .isEqualTo(scored.bdRateVsChampionPercent());
        assertStagesInOrderWithTheirRuns();
    }

    @Test
    void championAgainstItselfStopsAfterTheSmokeStageAsANearDuplicate() {
        var rewritten = new CodecProgram(BuiltInCodecs.baseline().source() + "\n# the same codec, written again\n");

        var result = evaluator.evaluate(rewritten, BuiltInCodecs.baseline(), searchSet, adoptionSet, listener,
                behaviour -> Optional.empty());

        assertThat(result).as("%s", result).isInstanceOf(ProgramEvaluation.Failed.class);
        var failure = ((ProgramEvaluation.Failed) result).failure();
        assertThat(failure.stage()).isEqualTo("smoke");
        assertThat(failure.kind()).isEqualTo(FailureKind.NEAR_DUPLICATE);
        assertThat(failure.message()).startsWith("the program behaves like the champion: its bitstreams on the smoke"
                + " clip " + searchSet.get(0).firstFrames(evaluator.protocol().smokeFrames()).name()
                + " at qualities 5 and [2, 8] are byte for byte the same");
        assertThat(listener.stagesStarted()).containsExactly(Stage.POLICY, Stage.SMOKE);
        // the candidate's smoke runs (encode, two decodes, the probe's two encodes), then the champion's (once)
        assertThat(listener.runs(Stage.SMOKE)).hasSize(5)
                .filteredOn(r -> r.side().equals(SandboxRun.ENCODE)).extracting(SandboxRun::quality)
                .containsExactlyInAnyOrder(5, 2, 8);
        assertThat(sandbox.harnessRuns()).isEqualTo(10);
    }

    @Test
    void theChampionIsMeasuredOncePerClipSetAndABehaviourSeenBeforeStopsAfterSmoke() {
        var twoQualities = evaluator(EvaluationProtocol.custom().qualities(List.of(2, 8)).build());
        var seen = new LinkedHashMap<String, String>();
        NoveltyGate gate = behaviour -> Optional.ofNullable(seen.putIfAbsent(behaviour, "exp-" + (seen.size() + 1)));
        var blockDct = builtIn(BuiltInCodecs.BLOCK_DCT);

        var first = twoQualities.evaluate(blockDct, BuiltInCodecs.baseline(), searchSet, adoptionSet, listener, gate);
        assertThat(first).as("%s", first).isInstanceOf(ProgramEvaluation.Scored.class);
        assertThat(seen).hasSize(1).containsValue("exp-1");
        assertThat(listener.runs(Stage.ADOPTION)).as("challenger and champion").hasSize(2 * 3 * 2);
        assertThat(twoQualities.championScoresReused()).isZero();

        var again = new CodecProgram(blockDct.source() + "\n# comments do not change what a codec does\n");
        var second = twoQualities.evaluate(again, BuiltInCodecs.baseline(), searchSet, adoptionSet,
                new RecordingListener(), gate);
        assertThat(second).as("%s", second).isInstanceOf(ProgramEvaluation.Failed.class);
        var failure = ((ProgramEvaluation.Failed) second).failure();
        assertThat(failure.kind()).isEqualTo(FailureKind.NEAR_DUPLICATE);
        assertThat(failure.message()).startsWith("the program behaves like exp-1:");
        assertThat(seen).hasSize(1);

        var thirdListener = new RecordingListener();
        var third = twoQualities.evaluate(blockDct, BuiltInCodecs.baseline(), searchSet, adoptionSet, thirdListener);
        assertThat(third).as("%s", third).isInstanceOf(ProgramEvaluation.Scored.class);
        assertThat(thirdListener.runs(Stage.ADOPTION)).as("the challenger only").hasSize(3 * 2);
        assertThat(twoQualities.championScoresReused()).isEqualTo(1);
        assertThat(((ProgramEvaluation.Scored) third).champion())
                .isEqualTo(((ProgramEvaluation.Scored) first).champion());
        assertThat(((ProgramEvaluation.Scored) third).bdRateVsChampionPercent())
                .isCloseTo(((ProgramEvaluation.Scored) first).bdRateVsChampionPercent(), within(1e-9));
        assertThat(twoQualities.metricsTime()).isPositive();
    }

    @Test
    void losslessCandidateIsScoredButNotComparableAndSoRejected() {
        var twoQualities = evaluator(EvaluationProtocol.custom().qualities(List.of(2, 8)).build());
        var raw = new CodecProgram("""
                import struct
                import numpy as np

                def encode(frames, quality):
                    n, h, w, _ = frames.shape
                    return struct.pack("<III", n, h, w) + frames.tobytes()

                def decode(data):
                    n, h, w = struct.unpack_from("<III", data, 0)
                    return np.frombuffer(data, dtype=np.uint8, offset=12).reshape(n, h, w, 3).copy()
                """);

        var result = twoQualities.evaluate(raw, BuiltInCodecs.baseline(), searchSet, adoptionSet, listener);

        assertThat(result).as("%s", result).isInstanceOf(ProgramEvaluation.Scored.class);
        var scored = (ProgramEvaluation.Scored) result;
        assertThat(scored.adoption().get(0).points()).allSatisfy(p -> {
            assertThat(p.psnrY()).isEqualTo(Double.POSITIVE_INFINITY);
            assertThat(p.bytes()).isEqualTo(adoptionSet.get(0).video().rawBytes() + 12);
        });
        // a lossless curve has no place on a BD-rate plot: the evaluator says so instead of inventing a number
        assertThat(scored.bdRateVsChampionPercent()).isNaN();
        assertThat(scored.notes()).singleElement().asString().startsWith(adoptionSet.get(0).name() + ": ")
                .contains("PSNR must be finite");
        var decision = new AdoptionRule(twoQualities.protocol()).decide(scored);
        assertThat(decision).isInstanceOf(AdoptionDecision.Reject.class);
        assertThat(decision.reason()).startsWith("not comparable with the champion").contains("PSNR must be finite");
    }

    private static void assertEveryStageScoredAtEveryQuality(ProgramEvaluation.Scored scored) {
        var qualities = evaluator.protocol().qualities();
        assertThat(scored.search()).extracting(ClipEvaluation::clip).containsExactly(searchSet.get(0).name());
        assertThat(scored.adoption()).extracting(ClipEvaluation::clip).containsExactly(adoptionSet.get(0).name());
        // the champion is re-scored on the held-out frames, not taken from an earlier record
        assertThat(scored.champion()).extracting(ClipEvaluation::clip).containsExactly(adoptionSet.get(0).name());
        for (var clip : List.of(scored.search().get(0), scored.adoption().get(0), scored.champion().get(0))) {
            assertThat(clip.points()).extracting(QualityPoint::quality).containsExactlyElementsOf(qualities);
        }
        assertThat(scored.headlinePoints()).isEqualTo(scored.adoption().get(0).points());
    }

    /** Each stage started and finished in order, and each finished with runs of its own stage only. */
    private void assertStagesInOrderWithTheirRuns() {
        assertThat(listener.stagesStarted()).containsExactly(Stage.POLICY, Stage.SMOKE, Stage.SEARCH, Stage.ADOPTION);
        assertThat(listener.events()).filteredOn(e -> e.startsWith("started") || e.startsWith("finished"))
                .extracting(e -> e.replaceAll(" \\d+$", ""))
                .containsExactly("started POLICY", "finished POLICY", "started SMOKE", "finished SMOKE",
                        "started SEARCH", "finished SEARCH", "started ADOPTION", "finished ADOPTION");
        assertThat(listener.events()).contains("policy accepted");
        int qualities = evaluator.protocol().qualities().size();
        // every quality: one encode and two decodes
        assertThat(listener.runs(Stage.POLICY)).isEmpty();
        // the smoke quality: an encode and two decodes (no novelty gate, so no behaviour probe)
        assertThat(listener.runs(Stage.SMOKE)).hasSize(3).allSatisfy(r -> assertThat(r.stage()).isEqualTo("smoke"));
        assertThat(listener.runs(Stage.SEARCH)).hasSize(3 * qualities)
                .allSatisfy(r -> assertThat(r.stage()).isEqualTo("search"));
        // the candidate and the champion on the held-out clip
        assertThat(listener.runs(Stage.ADOPTION)).hasSize(2 * 3 * qualities)
                .allSatisfy(r -> assertThat(r.stage()).isEqualTo("adoption"))
                .allSatisfy(r -> assertThat(r.clip()).isEqualTo(adoptionSet.get(0).name()));
        assertThat(sandbox.harnessRuns()).isEqualTo(3 + 3 * qualities + 2 * 3 * qualities);
        assertThat(listener.allRuns()).allSatisfy(r -> assertThat(r.result().isOk()).isTrue());
    }

    private static CodecProgram builtIn(String name) {
        return BuiltInCodecs.all().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow().program();
    }

    /** Records what the evaluator tells a listener, in order. */
    private static final class RecordingListener implements StageListener {
        private final List<String> events = new CopyOnWriteArrayList<>();
        private final List<Stage> started = new CopyOnWriteArrayList<>();
        private final List<List<SandboxRun>> runsByStage = new ArrayList<>(List.of(List.of(), List.of(), List.of(),
                List.of()));

        @Override
        public void stageStarted(Stage stage) {
            started.add(stage);
            events.add("started " + stage);
        }

        @Override
        public void policyChecked(PolicyVerdict verdict) {
            events.add(verdict.accepted() ? "policy accepted" : "policy rejected");
        }

        @Override
        public void stageFinished(Stage stage, List<SandboxRun> runs) {
            runsByStage.set(stage.ordinal(), List.copyOf(runs));
            events.add("finished " + stage + " " + runs.size());
        }

        List<String> events() {
            return List.copyOf(events);
        }

        List<Stage> stagesStarted() {
            return List.copyOf(started);
        }

        List<SandboxRun> runs(Stage stage) {
            return runsByStage.get(stage.ordinal());
        }

        List<SandboxRun> allRuns() {
            return runsByStage.stream().flatMap(List::stream).toList();
        }
    }
}
