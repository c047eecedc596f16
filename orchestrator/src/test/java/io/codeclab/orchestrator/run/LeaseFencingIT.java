package io.codeclab.orchestrator.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeclab.eval.codecs.BuiltInCodecs;
import io.codeclab.eval.harness.Clip;
import io.codeclab.eval.harness.CodecProgram;
import io.codeclab.eval.video.Bt601;
import io.codeclab.eval.video.Y4m;
import io.codeclab.orchestrator.app.CodecLab;
import io.codeclab.orchestrator.app.Json;
import io.codeclab.orchestrator.artifact.ArtifactStore;
import io.codeclab.orchestrator.artifact.S3ArtifactStore;
import io.codeclab.orchestrator.config.CodecLabConfig;
import io.codeclab.orchestrator.experiment.ExperimentRecord;
import io.codeclab.orchestrator.experiment.ExperimentStatus;
import io.codeclab.orchestrator.experiment.ExperimentStore;
import io.codeclab.orchestrator.experiment.VersionRecord;
import io.codeclab.orchestrator.experiment.dynamodb.DynamoDbExperimentStore;
import io.codeclab.orchestrator.propose.ExperimentContext;
import io.codeclab.orchestrator.propose.Proposal;
import io.codeclab.orchestrator.propose.Proposer;
import io.codeclab.orchestrator.testing.AwsFixture;
import io.codeclab.orchestrator.testing.ExperimentRecords;
import io.codeclab.orchestrator.testing.HookedArtifacts;
import io.codeclab.testing.MutableClock;
import io.codeclab.testing.TestClips;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lease fencing (issue 10, item 4), against real DynamoDB and S3 engines: a runner whose lease ran out (the
 * clock is moved by the test) cannot move its experiment on, and ends it ABANDONED with the reason instead
 * of an internal error; an expired lease is swept on the process's own schedule, with no new experiment.
 */
class LeaseFencingIT {

    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final String OWNER = "it-owner:1";

    @TempDir
    Path dataDir;

    private AwsFixture aws;
    private MutableClock clock;
    private ExperimentStore store;
    private ArtifactStore artifacts;

    private record OneProgram(CodecProgram program) implements Proposer {
        @Override
        public Proposal propose(ExperimentContext context) {
            return new Proposal(program, "scripted", "the block-DCT template", "", "", null);
        }

        @Override
        public String name() {
            return "scripted";
        }
    }

    @BeforeEach
    void stores() {
        aws = AwsFixture.get();
        clock = new MutableClock(Instant.now());
        store = DynamoDbExperimentStore.create(aws.dynamoDb(), AwsFixture.uniqueTablePrefix(getClass()), clock);
        store.ensureSchema();
        var bucket = S3ArtifactStore.create(aws.s3(), AwsFixture.uniqueBucket(getClass()));
        bucket.ensureBucket();
        artifacts = bucket;
    }

    private CodecLab lab() {
        return CodecLab.open(CodecLabConfig.load(Optional.empty(), Map.of(), Map.of(
                CodecLabConfig.DATA_DIR, dataDir.toString(),
                CodecLabConfig.QUALITIES, "2,8",
                CodecLabConfig.X264_ANCHOR, "false")));
    }

    private static Clip shortClip(Path y4m) {
        return new Clip(y4m.getFileName().toString(), Bt601.toRgb(Y4m.read(y4m)).firstFrames(4));
    }

    private ExperimentRunner runner(CodecLab lab, Predicate<String> moveClockOn) {
        var moving = new HookedArtifacts(artifacts, key -> {
            if (moveClockOn.test(key)) {
                clock.advance(LEASE.plusSeconds(1));
            }
        });
        return new ExperimentRunner(store, moving, new OneProgram(BuiltInCodecs.all().get(1).program()),
                lab.evaluator(), new ClipSets(List.of(shortClip(TestClips.search())),
                List.of(shortClip(TestClips.adoption()))), clock, OWNER, LEASE, Json.mapper());
    }

    private static void assertAbandonedForItsLease(ExperimentRecord record, ExperimentStatus atTheTime) {
        assertThat(record.status()).isEqualTo(ExperimentStatus.ABANDONED);
        assertThat(record.failure().stage()).isEqualTo("lease");
        assertThat(record.failure().kind()).isEqualTo("LeaseLost");
        assertThat(record.failure().message()).contains("no longer held by '" + OWNER + "'", "expired at",
                "while " + atTheTime);
        assertThat(record.leaseOwner()).isNull();
    }

    @Test
    void aPhaseUpdateAfterTheLeaseRanOutEndsTheExperimentAbandoned() {
        try (var lab = lab()) {
            // The clock passes the lease's end while the proposal's code is stored: the move to VALIDATING is fenced.
            var runner = runner(lab, key -> key.endsWith("/code.py") && key.startsWith("experiments/"));
            var record = runner.runOnce();
            runner.close();

            assertAbandonedForItsLease(record, ExperimentStatus.PROPOSED);
            assertThat(store.find(record.id()).orElseThrow()).isEqualTo(record);
            assertThat(record.stages()).isEmpty();
            assertThat(record.artifacts()).doesNotContainKey("validation");
        }
    }

    @Test
    void anAdoptionAfterTheLeaseRanOutChangesNothingAndEndsTheExperimentAbandoned() {
        try (var lab = lab()) {
            // Scored and better than the baseline; the clock passes the lease's end while the new version's code
            // is stored, so the adoption transaction is fenced.
            var runner = runner(lab, key -> key.startsWith("versions/v1/"));
            var record = runner.runOnce();
            runner.close();

            assertAbandonedForItsLease(record, ExperimentStatus.SCORED);
            assertThat(record.bdRateVsChampionPercent()).isLessThan(-1.0);
            assertThat(record.adoptedVersion()).isNull();
            assertThat(store.champion().orElseThrow().version()).isZero();
            assertThat(store.versions()).extracting(VersionRecord::version).containsExactly(0);
        }
    }

    @Test
    void aScheduledSweepAbandonsAnExpiredLeaseWithoutANewExperiment() throws Exception {
        var crashed = ExperimentRecords.nextId();
        store.create(ExperimentRecords.proposed(crashed), "host-dead:9", clock.instant().minusSeconds(1));
        try (var sweeper = new LeaseSweeper(store, Clock.systemUTC()).start(Duration.ofMillis(100))) {
            var deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (store.find(crashed).orElseThrow().status() != ExperimentStatus.ABANDONED
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }
        var record = store.find(crashed).orElseThrow();
        assertThat(record.status()).isEqualTo(ExperimentStatus.ABANDONED);
        assertThat(record.failure().kind()).isEqualTo("LeaseExpired");
        assertThat(record.failure().message()).contains("host-dead:9");
        assertThat(store.latest(10)).hasSize(1);
    }
}
