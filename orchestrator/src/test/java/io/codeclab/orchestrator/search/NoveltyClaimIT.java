package io.codeclab.orchestrator.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeclab.eval.codecs.BuiltInCodecs;
import io.codeclab.eval.harness.Clip;
import io.codeclab.eval.harness.CodecProgram;
import io.codeclab.eval.video.Bt601;
import io.codeclab.eval.video.Y4m;
import io.codeclab.orchestrator.app.CodecLab;
import io.codeclab.orchestrator.app.Json;
import io.codeclab.orchestrator.config.CodecLabConfig;
import io.codeclab.orchestrator.experiment.ExperimentRecord;
import io.codeclab.orchestrator.experiment.ExperimentStatus;
import io.codeclab.orchestrator.experiment.ExperimentStore;
import io.codeclab.orchestrator.experiment.StageResult;
import io.codeclab.orchestrator.propose.ExperimentContext;
import io.codeclab.orchestrator.propose.Feedback;
import io.codeclab.orchestrator.propose.Proposal;
import io.codeclab.orchestrator.propose.Proposer;
import io.codeclab.orchestrator.propose.llm.NormalizedCode;
import io.codeclab.orchestrator.run.ClipSets;
import io.codeclab.orchestrator.run.ExperimentRunner;
import io.codeclab.orchestrator.testing.ExperimentRecords;
import io.codeclab.testing.TestClips;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Novelty before cost, on the embedded DynamoDB Local and S3 store with the real sandbox: two workers (own
 * runners, owners and searches) on one table and bucket propose the same program at the same moment; the claim
 * lets exactly one evaluate it, and the other is asked for something else.
 */
class NoveltyClaimIT {

    private static final int FRAMES = 4;
    private static final CodecProgram SAME = BuiltInCodecs.all().get(1).program();

    @TempDir
    Path dataDir;

    private CodecLab open() {
        return CodecLab.open(CodecLabConfig.load(Optional.empty(), Map.of(), Map.of(
                CodecLabConfig.DATA_DIR, dataDir.toString(),
                CodecLabConfig.X264_ANCHOR, "false")));
    }

    private static Clip shortClip(Path y4m) {
        return new Clip(y4m.getFileName().toString(), Bt601.toRgb(Y4m.read(y4m)).firstFrames(FRAMES));
    }

    /** First the program both workers propose (once both hold it), then a program of its own. */
    private static final class Worker implements Proposer {
        final CyclicBarrier together;
        final CodecProgram own;
        final List<ExperimentContext> contexts = new ArrayList<>();

        Worker(CyclicBarrier together, String name) {
            this.together = together;
            // Its own program fails the policy check at once: enough to show it was evaluated instead.
            this.own = new CodecProgram("import os\nimport numpy as np\n\n# " + name + "\ndef encode(frames, quality):\n"
                    + "    return os.urandom(8)\n\ndef decode(data):\n    return None\n");
        }

        @Override
        public Proposal propose(ExperimentContext context) {
            contexts.add(context);
            if (contexts.size() == 1) {
                try {
                    together.await(60, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException("the other worker never proposed", e);
                }
                return new Proposal(SAME, "scripted", "the same program", "", "", null);
            }
            return new Proposal(own, "scripted", "a program of its own", "", "", null);
        }

        @Override
        public String name() {
            return "scripted";
        }
    }

    private static ExperimentRunner runner(CodecLab lab, Proposer proposer, String owner, long seed) {
        var search = new DatabaseSearch(lab.programs(), lab.experiments(), lab.artifacts(), SearchSettings.DEFAULTS,
                new SplittableRandom(seed), Clock.systemUTC());
        return new ExperimentRunner(lab.experiments(), lab.artifacts(), proposer, lab.evaluator(),
                new ClipSets(List.of(shortClip(TestClips.search())), List.of(shortClip(TestClips.adoption()))),
                Clock.systemUTC(), owner, ExperimentStore.defaultLease(), Json.mapper(), Feedback.recentExperiments(),
                List.of(), List.of(), search);
    }

    @Test
    void twoWorkersProposingTheSameProgramEvaluateItOnce() throws Exception {
        try (var lab = open()) {
            lab.champion();
            var together = new CyclicBarrier(2);
            var a = new Worker(together, "worker a");
            var b = new Worker(together, "worker b");
            var pool = Executors.newFixedThreadPool(2);
            try (var runnerA = runner(lab, a, "worker-a", 1); var runnerB = runner(lab, b, "worker-b", 2)) {
                var doneA = pool.submit(runnerA::runOnce);
                var doneB = pool.submit(runnerB::runOnce);
                var records = List.of(doneA.get(5, TimeUnit.MINUTES), doneB.get(5, TimeUnit.MINUTES));

                String same = NormalizedCode.sha256(SAME.source());
                var evaluatedSame = records.stream().filter(r -> r.normalizedSha256().equals(same)).toList();
                assertThat(evaluatedSame).as("the shared program is evaluated by exactly one worker").hasSize(1);
                var winner = evaluatedSame.get(0);
                assertThat(winner.status()).isEqualTo(ExperimentStatus.ADOPTED);
                var loser = records.stream().filter(r -> r != winner).findFirst().orElseThrow();
                assertThat(loser.status()).isEqualTo(ExperimentStatus.FAILED);
                assertThat(loser.failure().stage()).isEqualTo("policy");
                assertThat(loser.summary()).isEqualTo("a program of its own");

                // The loser was asked twice, the second time told who holds the program.
                var loserWorker = loser.codeSha256().equals(a.own.sha256()) ? a : b;
                assertThat(loser.codeSha256()).isEqualTo(loserWorker.own.sha256());
                assertThat(loserWorker.contexts).hasSize(2);
                assertThat((loserWorker == a ? b : a).contexts).hasSize(1);
                assertThat(loserWorker.contexts.get(1).feedback()).contains("the program experiment " + winner.id()
                        + " claimed first");
                // Across the store: one experiment with that program, and the database names it.
                assertThat(lab.experiments().latest(10)).filteredOn(r -> r.normalizedSha256().equals(same)).hasSize(1);
                assertThat(lab.programs().find(same)).map(ProgramEntry::experimentId).hasValue(winner.id());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** A valid codec far worse than the JPEG champion (a quarter of the resolution, no entropy coding). */
    private static final CodecProgram COARSE = new CodecProgram("""
            import struct
            import numpy as np

            def encode(frames, quality):
                n, h, w, _ = frames.shape
                step = 2 ** (9 - quality)
                q = (frames[:, ::4, ::4, :] // step).astype(np.uint8)
                return struct.pack("<IIII", n, h, w, step) + q.tobytes()

            def decode(data):
                n, h, w, step = struct.unpack_from("<IIII", data, 0)
                q = np.frombuffer(data, dtype=np.uint8, offset=16).reshape(n, (h + 3) // 4, (w + 3) // 4, 3)
                up = np.clip(q.astype(np.uint16) * step + step // 2, 0, 255).astype(np.uint8)
                return np.repeat(np.repeat(up, 4, axis=1), 4, axis=2)[:, :h, :w, :].copy()
            """);

    /** Always the same program. */
    private record Scripted(CodecProgram program, String summary) implements Proposer {
        @Override
        public Proposal propose(ExperimentContext context) {
            return new Proposal(program, "scripted", summary, "", "", null);
        }

        @Override
        public String name() {
            return "scripted";
        }
    }

    @Test
    void aProgramThatBehavesLikeOneAnotherWorkerClaimedStopsAfterTheSmokeStage() throws Exception {
        // The same codec with a statement that never reaches the bitstream: another normalised hash, same behaviour.
        var rewritten = new CodecProgram(COARSE.source() + "\n\nUNUSED_SCALE = 3\n");
        assertThat(NormalizedCode.sha256(rewritten.source())).isNotEqualTo(NormalizedCode.sha256(COARSE.source()));
        try (var lab = open();
             var first = runner(lab, new Scripted(COARSE, "coarse"), "worker-a", 1);
             var second = runner(lab, new Scripted(rewritten, "coarse, rewritten"), "worker-b", 2)) {
            var original = first.runOnce();
            assertThat(original.status()).as("%s", original.failure()).isIn(ExperimentStatus.REJECTED,
                    ExperimentStatus.FAILED);
            assertThat(original.failure().stage()).isNotEqualTo("smoke");

            var copy = second.runOnce();

            assertThat(copy.status()).isEqualTo(ExperimentStatus.FAILED);
            assertThat(copy.failure().stage()).isEqualTo("smoke");
            assertThat(copy.failure().kind()).isEqualTo("NEAR_DUPLICATE");
            assertThat(copy.failure().message()).startsWith("the program behaves like the program of experiment "
                    + original.id() + ": its bitstreams on the smoke clip");
            // Only the smoke stage ran: no search or adoption runs were paid for.
            assertThat(copy.stages()).extracting(StageResult::stage).isNotEmpty().doesNotContain("search", "adoption");
        }
    }

    @Test
    void aClaimWhoseExperimentWillNeverEvaluateItIsTakenOver() {
        try (var lab = open()) {
            var search = new DatabaseSearch(lab.programs(), lab.experiments(), lab.artifacts(), SearchSettings.DEFAULTS,
                    new SplittableRandom(1), Clock.systemUTC());
            var now = Instant.now();

            // Held by a running experiment: taken.
            ExperimentRecord running = lab.experiments().create(ExperimentRecords.proposed(ExperimentRecords.nextId()),
                    "other", now.plus(Duration.ofMinutes(2)));
            assertThat(lab.programs().claim("n-running", running.id(), now)).isInstanceOf(ProgramDatabase.Claim.Claimed.class);
            assertThat(search.claim("n-running", "me-1")).isInstanceOf(ProgramDatabase.Claim.Taken.class);

            // Held by an experiment that was abandoned: ours.
            ExperimentRecord gone = lab.experiments().create(ExperimentRecords.proposed(ExperimentRecords.nextId()),
                    "dead", now.minusSeconds(5));
            assertThat(lab.experiments().abandonExpired(now)).contains(gone.id());
            lab.programs().claim("n-abandoned", gone.id(), now);
            assertThat(search.claim("n-abandoned", "me-2")).isEqualTo(new ProgramDatabase.Claim.Claimed("n-abandoned"));
            assertThat(lab.programs().claim("n-abandoned", "me-3", now)).isInstanceOf(ProgramDatabase.Claim.Taken.class)
                    .extracting(c -> ((ProgramDatabase.Claim.Taken) c).byExperimentId()).isEqualTo("me-2");

            // Claimed by an experiment never recorded: taken while recent, ours after ten minutes.
            lab.programs().claim("n-orphan-new", "ghost-1", now.minusSeconds(60));
            assertThat(search.claim("n-orphan-new", "me-4")).isInstanceOf(ProgramDatabase.Claim.Taken.class);
            lab.programs().claim("n-orphan-old", "ghost-2", now.minus(Duration.ofMinutes(11)));
            assertThat(search.claim("n-orphan-old", "me-5")).isEqualTo(new ProgramDatabase.Claim.Claimed("n-orphan-old"));

            // The same experiment asking again keeps its claim.
            assertThat(search.claim("n-orphan-old", "me-5")).isEqualTo(new ProgramDatabase.Claim.Claimed("n-orphan-old"));
        }
    }
}
