package io.codeclab.eval.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.codeclab.eval.codecs.BuiltInCodecs;
import io.codeclab.eval.harness.Clip;
import io.codeclab.eval.harness.ClipEvaluation;
import io.codeclab.eval.harness.ClipEvaluator;
import io.codeclab.eval.harness.CodecHarness;
import io.codeclab.eval.harness.CodecProgram;
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
    private static List<Clip> searchSet;
    private static List<Clip> adoptionSet;

    private final RecordingListener listener = new RecordingListener();

    @BeforeAll
    static void start() {
        sandbox = new RecordingSandbox(Sandboxes.create(SandboxConfig.custom().backend(SandboxBackend.BWRAP).build()));
        var clips = new ClipEvaluator(new CodecHarness(sandbox, workRoot.resolve("runs")), 2);
        evaluator = new StagedEvaluator(new PolicyChecker(sandbox), PolicySource.bundled(), clips,
                EvaluationProtocol.ofDefaults(), AnchorSource.NONE);
        searchSet = List.of(TestFootage.search(FRAMES));
        adoptionSet = List.of(TestFootage.adoption(FRAMES));
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @BeforeEach
    void forgetEarlierRuns() {
        sandbox.clear();
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
    void championAgainstItselfIsNeutralAndRejected() {
        var result = evaluator.evaluate(BuiltInCodecs.baseline(), BuiltInCodecs.baseline(), searchSet, adoptionSet,
                listener);

        assertThat(result).as("%s", result).isInstanceOf(ProgramEvaluation.Scored.class);
        var scored = (ProgramEvaluation.Scored) result;
        assertThat(Math.abs(scored.bdRateVsChampionPercent())).isLessThan(0.5);
        // JPEG through OpenCV is deterministic: the re-scored champion lands on the very same rates and
        // distortions (only the measured speeds differ)
        assertThat(scored.champion().get(0).points())
                .usingRecursiveFieldByFieldElementComparatorIgnoringFields("encodeFps", "decodeFps")
                .isEqualTo(scored.adoption().get(0).points());
        assertThat(scored.bdRateVsChampionPercent()).isCloseTo(0.0, within(1e-9));
        var decision = new AdoptionRule(evaluator.protocol()).decide(scored);
        assertThat(decision).isInstanceOf(AdoptionDecision.Reject.class);
        assertThat(decision.reason()).contains("not below the margin");
        assertStagesInOrderWithTheirRuns();
    }

    @Test
    void losslessCandidateIsScoredButNotComparableAndSoRejected() {
        var twoQualities = new StagedEvaluator(new PolicyChecker(sandbox), PolicySource.bundled(),
                new ClipEvaluator(new CodecHarness(sandbox, workRoot.resolve("lossless")), 2),
                EvaluationProtocol.custom().qualities(List.of(2, 8)).build(), AnchorSource.NONE);
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
