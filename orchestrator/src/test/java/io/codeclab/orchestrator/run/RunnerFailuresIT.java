package io.codeclab.orchestrator.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeclab.eval.codecs.BuiltInCodecs;
import io.codeclab.eval.harness.Clip;
import io.codeclab.eval.harness.CodecProgram;
import io.codeclab.eval.video.Bt601;
import io.codeclab.eval.video.Y4m;
import io.codeclab.orchestrator.app.CodecLab;
import io.codeclab.orchestrator.app.Json;
import io.codeclab.orchestrator.artifact.ArtifactStore;
import io.codeclab.orchestrator.artifact.ArtifactStoreException;
import io.codeclab.orchestrator.config.CodecLabConfig;
import io.codeclab.orchestrator.experiment.ExperimentStatus;
import io.codeclab.orchestrator.experiment.ExperimentStore;
import io.codeclab.orchestrator.experiment.VersionRecord;
import io.codeclab.orchestrator.propose.ExperimentContext;
import io.codeclab.orchestrator.propose.Proposal;
import io.codeclab.orchestrator.propose.Proposer;
import io.codeclab.orchestrator.testing.HookedArtifacts;
import io.codeclab.testing.TestClips;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures on the way through an experiment, against the embedded DynamoDB Local and S3 store and the real
 * sandbox: a policy rejection reaches the record and the next proposal's feedback; an S3 outage while storing
 * artifacts leaves the experiment FAILED with its reason and the champion untouched, never half-adopted.
 */
class RunnerFailuresIT {

    private static final int FRAMES = 4;

    @TempDir
    Path dataDir;

    /** Hands out programs in order and remembers what each proposal was given. */
    private static final class ScriptedProposer implements Proposer {
        final Deque<CodecProgram> programs;
        final List<ExperimentContext> contexts = new ArrayList<>();

        ScriptedProposer(CodecProgram... programs) {
            this.programs = new ArrayDeque<>(List.of(programs));
        }

        @Override
        public Proposal propose(ExperimentContext context) {
            contexts.add(context);
            return new Proposal(programs.removeFirst(), "scripted", "scripted #" + contexts.size(), "", "", null);
        }

        @Override
        public String name() {
            return "scripted";
        }
    }

    private CodecLab open() {
        return CodecLab.open(CodecLabConfig.load(Optional.empty(), Map.of(), Map.of(
                CodecLabConfig.DATA_DIR, dataDir.toString(),
                CodecLabConfig.X264_ANCHOR, "false",
                // Two points make a BD-rate; each more quality is an encode and two decodes per program.
                CodecLabConfig.QUALITIES, "2,8")));
    }

    private static Clip shortClip(Path y4m) {
        return new Clip(y4m.getFileName().toString(), Bt601.toRgb(Y4m.read(y4m)).firstFrames(FRAMES));
    }

    private static ExperimentRunner runner(CodecLab lab, ArtifactStore artifacts, Proposer proposer) {
        return new ExperimentRunner(lab.experiments(), artifacts, proposer, lab.evaluator(),
                new ClipSets(List.of(shortClip(TestClips.search())), List.of(shortClip(TestClips.adoption()))),
                Clock.systemUTC(), "it-owner", ExperimentStore.defaultLease(), Json.mapper());
    }

    /** The real artifact store, except that puts of matching keys fail as an S3 outage would. */
    private static HookedArtifacts outage(ArtifactStore delegate, Predicate<String> failing) {
        return new HookedArtifacts(delegate, key -> {
            if (failing.test(key)) {
                throw new ArtifactStoreException("S3 PutObject of s3://codec-lab-artifacts/" + key
                        + " failed: service unavailable (injected outage)", new RuntimeException("503"));
            }
        });
    }

    @Test
    void policyViolationsReachTheRecordAndTheNextProposalsFeedback() {
        var forbidden = new CodecProgram("import os\nimport numpy as np\n\n"
                + "def encode(frames, quality):\n    return os.urandom(8)\n\n"
                + "def decode(data):\n    return eval('None')\n");
        var proposer = new ScriptedProposer(forbidden, BuiltInCodecs.all().get(1).program());
        try (var lab = open()) {
            var runner = runner(lab, lab.artifacts(), proposer);
            var rejected = runner.runOnce();
            assertThat(rejected.status()).isEqualTo(ExperimentStatus.FAILED);
            assertThat(rejected.failure().stage()).isEqualTo("policy");
            assertThat(rejected.failure().kind()).isEqualTo("import-not-allowed");
            assertThat(rejected.violations()).extracting(v -> v.rule())
                    .contains("import-not-allowed", "denied-builtin");
            assertThat(rejected.violations()).allSatisfy(v -> assertThat(v.line()).isPositive());
            assertThat(rejected.stages()).isEmpty();

            var next = runner.runOnce();
            String feedback = proposer.contexts.get(1).feedback();
            assertThat(feedback).contains(rejected.id(), "stage policy", "import-not-allowed", "line 1, column 1",
                    "denied-builtin", "line 8");
            String stored = new String(lab.artifacts().get(next.artifacts().get("feedback")).orElseThrow(),
                    StandardCharsets.UTF_8);
            assertThat(stored).isEqualTo(feedback);
            assertThat(next.status()).isEqualTo(ExperimentStatus.ADOPTED);
        }
    }

    @Test
    void anOutageWhileStoringTheReportFailsTheExperimentWithItsReason() {
        var proposer = new ScriptedProposer(BuiltInCodecs.all().get(1).program());
        try (var lab = open()) {
            var failing = outage(lab.artifacts(), key -> key.endsWith("/report.json"));
            var runner = runner(lab, failing, proposer);
            assertThatThrownBy(runner::runOnce).isInstanceOf(ArtifactStoreException.class);
            var record = lab.experiments().latest(1).get(0);
            assertThat(record.status()).isEqualTo(ExperimentStatus.FAILED);
            assertThat(record.failure().kind()).isEqualTo("ArtifactStoreException");
            assertThat(record.failure().message()).contains("report.json", "injected outage");
            assertThat(record.adoptedVersion()).isNull();
            assertThat(record.leaseOwner()).isNull();
            assertThat(lab.experiments().champion().orElseThrow().version()).isZero();
            assertThat(lab.experiments().versions()).extracting(VersionRecord::version).containsExactly(0);
        }
    }

    @Test
    void anOutageWhileStoringTheAdoptedCodeNeverHalfAdopts() {
        var proposer = new ScriptedProposer(BuiltInCodecs.all().get(1).program());
        try (var lab = open()) {
            var failing = outage(lab.artifacts(), key -> key.startsWith("versions/v1/"));
            var runner = runner(lab, failing, proposer);
            assertThatThrownBy(runner::runOnce).isInstanceOf(ArtifactStoreException.class);
            var record = lab.experiments().latest(1).get(0);
            // It had beaten the champion (SCORED with a BD-rate), but without its code stored it is not adopted.
            assertThat(record.bdRateVsChampionPercent()).isLessThan(-1.0);
            assertThat(record.status()).isEqualTo(ExperimentStatus.FAILED);
            assertThat(record.failure().message()).contains("versions/v1/");
            assertThat(record.adoptedVersion()).isNull();
            var champion = lab.experiments().champion().orElseThrow();
            assertThat(champion.version()).isZero();
            assertThat(champion.codeSha256()).isEqualTo(BuiltInCodecs.baseline().sha256());
            assertThat(lab.experiments().versions()).extracting(VersionRecord::version).containsExactly(0);
        }
    }

    @Test
    void aChampionWhoseStoredCodeWasChangedFailsTheExperimentLoudlyWithItsKind() {
        var proposer = new ScriptedProposer(BuiltInCodecs.all().get(1).program());
        var logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(ExperimentRunner.class);
        var logs = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        logs.start();
        logger.addAppender(logs);
        try (var lab = open()) {
            var champion = lab.champion();
            // Someone rewrites the champion's object in S3 behind codec-lab's back.
            lab.artifacts().put(champion.codeKey(), "def encode(frames, quality):\n    return b'x'\n"
                    .getBytes(StandardCharsets.UTF_8), "text/x-python");

            var record = runner(lab, lab.artifacts(), proposer).runOnce();

            assertThat(record.status()).isEqualTo(ExperimentStatus.FAILED);
            assertThat(record.failure().stage()).isEqualTo("champion");
            assertThat(record.failure().kind()).isEqualTo(ChampionCodeException.MISMATCH);
            assertThat(record.failure().message()).contains("champion v0", champion.codeKey(), champion.codeSha256());
            assertThat(record.leaseOwner()).isNull();
            assertThat(proposer.contexts).as("nothing is proposed on top of an untrusted champion").isEmpty();
            assertThat(lab.experiments().champion().orElseThrow().version()).isZero();
            assertThat(lab.experiments().versions()).extracting(VersionRecord::version).containsExactly(0);
            assertThat(logs.list).filteredOn(e -> e.getLevel() == ch.qos.logback.classic.Level.ERROR)
                    .extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                    .anySatisfy(m -> assertThat(m).contains("REFUSING TO BUILD ON CHAMPION v0", champion.codeKey()));
        } finally {
            logger.detachAppender(logs);
        }
    }
}
