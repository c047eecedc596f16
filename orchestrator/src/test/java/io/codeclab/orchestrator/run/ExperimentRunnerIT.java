package io.codeclab.orchestrator.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeclab.eval.codecs.BuiltInCodecs;
import io.codeclab.orchestrator.app.CodecLab;
import io.codeclab.orchestrator.app.Json;
import io.codeclab.orchestrator.config.CodecLabConfig;
import io.codeclab.orchestrator.experiment.ExperimentStatus;
import io.codeclab.orchestrator.experiment.ExperimentStore;
import io.codeclab.orchestrator.experiment.VersionRecord;
import io.codeclab.orchestrator.propose.OfflineProposer;
import io.codeclab.orchestrator.testing.CodecLabProcess;
import io.codeclab.testing.TestClips;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole experiment on the embedded defaults: DynamoDB Local and the S3-compatible store on disk, the real
 * sandbox, real footage. Asserts what was stored, then that a new process-like reopening sees it all.
 */
class ExperimentRunnerIT {

    /**
     * The first frames of the real clips: the sandbox's encode time and the x264 anchor's grow with the frames,
     * and what is asserted (stages, points, anchor, storage) does not need all 24.
     */
    private static final int FRAMES = 8;

    @TempDir
    Path dataDir;

    private CodecLabConfig config() {
        return CodecLabConfig.load(Optional.empty(), Map.of(), Map.of(
                CodecLabConfig.DATA_DIR, dataDir.toString(),
                CodecLabConfig.SEARCH_CLIPS, CodecLabProcess.shortened(dataDir, TestClips.search(), FRAMES).toString(),
                CodecLabConfig.ADOPTION_CLIPS, CodecLabProcess.shortened(dataDir, TestClips.adoption(), FRAMES).toString(),
                CodecLabConfig.X264_ANCHOR, "true"));
    }

    private static ExperimentRunner runner(CodecLab lab, long seed) {
        var clips = lab.clips();
        return new ExperimentRunner(lab.experiments(), lab.artifacts(), new OfflineProposer(new Random(seed)),
                lab.evaluator(), new ClipSets(clips.load(lab.config().searchClips()), clips.load(lab.config().adoptionClips())),
                Clock.systemUTC(), "it-owner", ExperimentStore.defaultLease(), Json.mapper(),
                io.codeclab.orchestrator.propose.Feedback.recentExperiments(), java.util.List.of(),
                java.util.List.of(lab.executionLog().observer()));
    }

    @Test
    void firstChallengerBeatsTheJpegBaselineAndEverythingIsStored() throws Exception {
        String firstId;
        try (var lab = CodecLab.open(config())) {
            var runner = runner(lab, 1);
            var record = runner.runOnce();
            firstId = record.id();

            // The first proposal is the block-DCT template; it beats per-frame JPEG by far on real footage.
            assertThat(record.status()).isEqualTo(ExperimentStatus.ADOPTED);
            assertThat(record.adoptedVersion()).isEqualTo(1);
            assertThat(record.championVersion()).isZero();
            assertThat(record.source()).isEqualTo("offline");
            assertThat(record.bdRateVsChampionPercent()).isLessThan(-1.0);
            assertThat(record.bdRateVsX264Percent()).isNotNull();
            assertThat(record.points()).hasSize(4);
            assertThat(record.points()).allSatisfy(p -> {
                assertThat(p.bytes()).isPositive();
                assertThat(p.psnrY()).isBetween(20.0, 60.0);
                assertThat(p.ssimY()).isBetween(0.5, 1.0);
            });
            assertThat(record.points()).isSortedAccordingTo((a, b) -> Long.compare(a.bytes(), b.bytes()));
            assertThat(record.leaseOwner()).isNull();
            assertThat(record.stages()).extracting(s -> s.stage().split("/")[0])
                    .contains("smoke", "search", "adoption");
            assertThat(record.stages()).allSatisfy(s -> assertThat(s.status()).isEqualTo("OK"));

            // Artifacts: the code as proposed, the validation verdict, the stage logs and the report.
            assertThat(record.artifacts()).containsKeys("code", "validation", "report", "logs/smoke", "logs/search",
                    "logs/adoption");
            String code = new String(lab.artifacts().get(record.artifacts().get("code")).orElseThrow(),
                    StandardCharsets.UTF_8);
            assertThat(code).isEqualTo(BuiltInCodecs.all().get(1).program().source());
            assertThat(record.codeSha256()).isEqualTo(BuiltInCodecs.all().get(1).program().sha256());
            // The report keeps the x264 anchor's points of the adoption clip (one per CRF) for the dashboard's plot.
            var report = Json.mapper().readTree(lab.artifacts().get(record.artifacts().get("report")).orElseThrow());
            var x264 = report.path("x264").path(report.path("adoption").fieldNames().next());
            assertThat(x264.size()).isEqualTo(io.codeclab.eval.anchor.X264AnchorConfig.DEFAULT_CRFS.size());
            x264.forEach(p -> {
                assertThat(p.path("kbps").asDouble()).isPositive();
                assertThat(p.path("psnrY").asDouble()).isBetween(20.0, 60.0);
            });

            // The execution log has the proposal, the policy verdict and one record per sandbox run, all passed.
            assertThat(lab.executionLog().writer().awaitIdle(java.time.Duration.ofSeconds(30))).isTrue();
            var logged = lab.executionLog().store().ofExperiment(firstId);
            assertThat(logged).extracting(r -> r.stage()).startsWith("PROPOSE", "POLICY")
                    .contains("SMOKE", "SEARCH", "ADOPTION").hasSize(2 + record.stages().size());
            assertThat(logged).allSatisfy(r -> {
                assertThat(r.passed()).isTrue();
                assertThat(r.codeSha256()).isEqualTo(record.codeSha256());
                assertThat(r.model()).isEqualTo("offline");
            });

            // The champion moved to v1 with the adopted code stored under its version.
            var champion = lab.experiments().champion().orElseThrow();
            assertThat(champion.version()).isEqualTo(1);
            assertThat(champion.experimentId()).isEqualTo(firstId);
            assertThat(new String(lab.artifacts().get(champion.codeKey()).orElseThrow(), StandardCharsets.UTF_8))
                    .isEqualTo(code);
            assertThat(lab.experiments().versions()).extracting(VersionRecord::version).containsExactly(0, 1);

            // The record stays small: code, logs and reports live in the artifact store, not in the item.
            assertThat(Json.mapper().writeValueAsBytes(lab.experiments().find(firstId).orElseThrow()).length)
                    .isLessThan(40_000);

            // A second experiment builds on v1: whatever it ends as, versions stay gapless.
            var second = runner.runOnce();
            assertThat(second.championVersion()).isEqualTo(1);
            assertThat(second.status()).isIn(ExperimentStatus.ADOPTED, ExperimentStatus.REJECTED);
            int expectedVersions = second.status() == ExperimentStatus.ADOPTED ? 3 : 2;
            assertThat(lab.experiments().versions()).hasSize(expectedVersions)
                    .extracting(VersionRecord::version).isSorted().startsWith(0, 1);
        }

        // Records survive a restart: a fresh instance on the same data directory sees them.
        try (var reopened = CodecLab.open(config())) {
            assertThat(reopened.experiments().latest(10)).hasSize(2)
                    .extracting(r -> r.id()).contains(firstId);
            assertThat(reopened.experiments().byStatus(ExperimentStatus.ADOPTED, 10))
                    .extracting(r -> r.id()).contains(firstId);
        }
    }
}
