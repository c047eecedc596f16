package io.codeclab.orchestrator.resilience;

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
import io.codeclab.orchestrator.experiment.VersionRecord;
import io.codeclab.orchestrator.propose.ExperimentContext;
import io.codeclab.orchestrator.propose.Proposal;
import io.codeclab.orchestrator.propose.Proposer;
import io.codeclab.orchestrator.run.ClipSets;
import io.codeclab.orchestrator.run.ExperimentRunner;
import io.codeclab.orchestrator.testing.HookedArtifacts;
import io.codeclab.orchestrator.testing.CodecLabProcess;
import io.codeclab.testing.TestClips;
import io.codeclab.sandbox.SandboxConfig;
import io.codeclab.sandbox.docker.DockerSandbox;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SPEC §7 and §11, the adoption race. First a forced one, on each sandbox backend: two runners in one process
 * are held by test code at the same champion version (both read v0 before either evaluates), both score,
 * and both reach the adoption transaction together: exactly one becomes v1, the other is REJECTED with the
 * lost-race reason. Then a free-running one: a daemon and several {@code run-once} processes on one store
 * (one data directory, so one DynamoDB Local and one S3 store shared by all). Whatever the interleaving,
 * every version is adopted by exactly one experiment, versions are gapless, no record is lost or left
 * running, and the champion is the last version adopted.
 */
class AdoptionRaceIT {

    private static final Logger LOG = LoggerFactory.getLogger(AdoptionRaceIT.class);
    /** Few frames: up to six processes share the CPU, and the race is decided by timing, not by clip length. */
    private static final int FRAMES = 4;
    private static final int DAEMON_EXPERIMENTS = 2;
    private static final int FIRST_WAVE = 3;
    private static final int SECOND_WAVE = 2;
    private static final Duration PATIENCE = Duration.ofMinutes(10);

    @TempDir
    Path dataDir;

    private static final Duration BARRIER_PATIENCE = Duration.ofMinutes(5);

    /** Proposes its program only once both racers were asked: both have read the champion by then. */
    private record HeldProposer(CodecProgram program, CyclicBarrier bothRead) implements Proposer {
        @Override
        public Proposal propose(ExperimentContext context) {
            await(bothRead);
            return new Proposal(program, "scripted", "racer on v" + context.champion().version(), "", "", null);
        }

        @Override
        public String name() {
            return "scripted";
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(BARRIER_PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (BrokenBarrierException | TimeoutException e) {
            throw new IllegalStateException("the other racer never arrived", e);
        }
    }

    private static Clip shortClip(Path y4m) {
        return new Clip(y4m.getFileName().toString(), Bt601.toRgb(Y4m.read(y4m)).firstFrames(FRAMES));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bwrap", "docker"})
    void twoRunnersHeldAtTheSameChampionBothScoreAndExactlyOneAdopts(String backend) throws Exception {
        if (backend.equals("docker")) {
            var missing = DockerSandbox.unavailableReason(SandboxConfig.custom().build().image());
            Assumptions.assumeTrue(missing.isEmpty(), () -> "Docker backend not available: " + missing.orElse(""));
        }
        var config = CodecLabConfig.load(Optional.empty(), Map.of(), Map.of(
                CodecLabConfig.DATA_DIR, dataDir.toString(),
                CodecLabConfig.SANDBOX, backend,
                CodecLabConfig.QUALITIES, "2,8",
                CodecLabConfig.X264_ANCHOR, "false"));
        // Two different programs that both beat the per-frame JPEG baseline by far.
        var dct = BuiltInCodecs.all().get(1).program();
        var programs = List.of(dct, new CodecProgram(dct.source() + "\n# racer b: same codec, other code\n"));
        var bothRead = new CyclicBarrier(2);
        var bothScored = new CyclicBarrier(2);
        try (var lab = CodecLab.open(config)) {
            var artifacts = new HookedArtifacts(lab.artifacts(), key -> {
                // Storing the code of v1 is the runner's last step before adopting: it waits for both.
                if (key.startsWith("versions/v1/")) {
                    await(bothScored);
                }
            });
            var clips = new ClipSets(List.of(shortClip(TestClips.search())), List.of(shortClip(TestClips.adoption())));
            var pool = Executors.newFixedThreadPool(2);
            var runners = new ArrayList<ExperimentRunner>();
            try {
                var results = new ArrayList<Future<ExperimentRecord>>();
                for (int i = 0; i < 2; i++) {
                    var runner = new ExperimentRunner(lab.experiments(), artifacts,
                            new HeldProposer(programs.get(i), bothRead), lab.evaluator(), clips, Clock.systemUTC(),
                            "racer-" + i, ExperimentStore.defaultLease(), Json.mapper());
                    runners.add(runner);
                    results.add(pool.submit(runner::runOnce));
                }
                var records = new ArrayList<ExperimentRecord>();
                for (var r : results) {
                    records.add(r.get(PATIENCE.toMinutes(), TimeUnit.MINUTES));
                }
                LOG.info("forced race on {}: {}", backend, records.stream().map(r -> r.id() + " " + r.status()
                        + (r.failure() == null ? "" : " (" + r.failure().message() + ")")).toList());

                // Both were held at v0 and both scored (a BD-rate against v0), so both went for v1.
                assertThat(records).allSatisfy(r -> {
                    assertThat(r.championVersion()).isZero();
                    assertThat(r.bdRateVsChampionPercent()).isLessThan(-1.0);
                    assertThat(r.leaseOwner()).isNull();
                });
                var adopted = records.stream().filter(r -> r.status() == ExperimentStatus.ADOPTED).toList();
                var lost = records.stream().filter(r -> r.status() == ExperimentStatus.REJECTED).toList();
                assertThat(adopted).hasSize(1);
                assertThat(lost).hasSize(1);
                var winner = adopted.get(0);
                var loser = lost.get(0);
                assertThat(winner.adoptedVersion()).isEqualTo(1);
                assertThat(loser.adoptedVersion()).isNull();
                assertThat(loser.failure().stage()).isEqualTo("adoption");
                assertThat(loser.failure().kind()).isEqualTo("NotAdopted");
                assertThat(loser.failure().message()).contains("beat champion v0",
                        "another experiment adopted that version first");

                var store = lab.experiments();
                assertThat(store.versions()).extracting(VersionRecord::version).containsExactly(0, 1);
                var v1 = store.versions().get(1);
                assertThat(v1.experimentId()).isEqualTo(winner.id());
                assertThat(v1.codeSha256()).isEqualTo(winner.codeSha256()).isNotEqualTo(loser.codeSha256());
                assertThat(sha256(lab.artifacts().get(v1.codeKey()).orElseThrow())).isEqualTo(winner.codeSha256());
                var champion = store.champion().orElseThrow();
                assertThat(champion.version()).isEqualTo(1);
                assertThat(champion.experimentId()).isEqualTo(winner.id());
            } finally {
                pool.shutdownNow();
                runners.forEach(ExperimentRunner::close);
            }
        }
    }

    @Test
    void aDaemonAndRunOnceProcessesOnOneStoreAdoptEveryVersionExactlyOnce() throws Exception {
        long started = System.nanoTime();
        var lab = CodecLabProcess.on(dataDir, FRAMES)
                .with(CodecLabConfig.X264_ANCHOR, "false")
                .with(CodecLabConfig.QUALITIES, "2,8")
                .with(CodecLabConfig.SANDBOX, "bwrap");

        // All start at once on a fresh store: they elect one owner of the embedded services, and all
        // propose the same first program (the block-DCT template), so they race for version 1.
        var daemon = lab.start("daemon", "--interval", "1s", "--max-experiments", Integer.toString(DAEMON_EXPERIMENTS));
        var runOnceIds = new ArrayList<String>();
        var logs = new ArrayList<String>();
        for (int wave : List.of(FIRST_WAVE, SECOND_WAVE)) {
            var runs = new ArrayList<CodecLabProcess.Running>();
            for (int i = 0; i < wave; i++) {
                runs.add(lab.start("run-once", "--json"));
            }
            for (var run : runs) {
                var result = run.await(PATIENCE);
                logs.add(result.stderr());
                assertThat(result.exitCode()).as("%s, stderr:%n%s", run, CodecLabProcess.tail(result.stderr())).isZero();
                var record = result.json();
                assertThat(record.get("status").asText()).isIn("ADOPTED", "REJECTED", "FAILED");
                runOnceIds.add(record.get("id").asText());
            }
        }
        var daemonResult = daemon.await(PATIENCE);
        assertThat(daemonResult.exitCode()).as("daemon stderr:%n%s", CodecLabProcess.tail(daemonResult.stderr())).isZero();
        assertThat(daemonResult.stderr()).contains("daemon stopped after " + DAEMON_EXPERIMENTS + " experiment(s), 0 internal error(s)");
        logs.add(daemonResult.stderr());
        // Whoever owned the embedded services may have ended before the others: a joiner then takes them over.
        long handovers = logs.stream().filter(l -> l.contains("has gone; took them over")).count();
        LOG.info("race processes finished in {} s; embedded services handed over {} time(s)",
                (System.nanoTime() - started) / 1_000_000_000, handovers);

        // Every process has ended: the test now owns the stores and reads them whole.
        try (var codecLab = CodecLab.open(CodecLabConfig.load(Optional.empty(), Map.of(),
                Map.of(CodecLabConfig.DATA_DIR, dataDir.toString())))) {
            var store = codecLab.experiments();
            List<ExperimentRecord> records = store.latest(100);
            LOG.info("race outcome: {}", records.stream()
                    .map(r -> r.id() + " " + r.status() + (r.adoptedVersion() == null ? "" : " v" + r.adoptedVersion())
                            + " on v" + r.championVersion() + " " + r.codeSha256().substring(0, Math.min(8, r.codeSha256().length()))
                            + (r.failure() == null ? "" : " (" + r.failure().message() + ")"))
                    .collect(Collectors.joining("\n  ", "\n  ", "")));

            // No record lost: the daemon's and every run-once's are there, and nothing else.
            assertThat(records).hasSize(DAEMON_EXPERIMENTS + FIRST_WAVE + SECOND_WAVE);
            assertThat(records).extracting(ExperimentRecord::id).containsAll(runOnceIds);
            // None left running or half-decided, and none holds a lease any more.
            assertThat(records).allSatisfy(r -> {
                assertThat(r.status()).as(r.id()).isIn(ExperimentStatus.ADOPTED, ExperimentStatus.REJECTED,
                        ExperimentStatus.FAILED);
                assertThat(r.leaseOwner()).as("lease owner of %s", r.id()).isNull();
            });

            var adopted = records.stream().filter(r -> r.status() == ExperimentStatus.ADOPTED)
                    .sorted(java.util.Comparator.comparing(ExperimentRecord::adoptedVersion)).toList();
            int k = adopted.size();
            assertThat(k).as("the first program (block-DCT) beats per-frame JPEG: at least one adoption").isPositive();
            // Each version 1..k exactly once, each adopted on top of the version before it.
            assertThat(adopted).extracting(ExperimentRecord::adoptedVersion)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, k).boxed().toList());
            assertThat(adopted).allSatisfy(r -> assertThat(r.championVersion()).isEqualTo(r.adoptedVersion() - 1));

            List<VersionRecord> versions = store.versions();
            assertThat(versions).extracting(VersionRecord::version)
                    .containsExactlyElementsOf(IntStream.rangeClosed(0, k).boxed().toList());
            for (var r : adopted) {
                var version = versions.get(r.adoptedVersion());
                assertThat(version.experimentId()).isEqualTo(r.id());
                assertThat(version.codeSha256()).isEqualTo(r.codeSha256());
                // The stored code of each version is the winner's, byte for byte (a loser never overwrote it).
                byte[] code = codecLab.artifacts().get(version.codeKey()).orElseThrow();
                assertThat(sha256(code)).as("code of version %d", version.version()).isEqualTo(r.codeSha256());
            }

            var champion = store.champion().orElseThrow();
            var last = adopted.get(k - 1);
            assertThat(champion.version()).isEqualTo(k);
            assertThat(champion.experimentId()).isEqualTo(last.id());
            assertThat(champion.codeSha256()).isEqualTo(last.codeSha256());

            // An experiment that lost a race lost it to a real winner of the version it aimed at.
            var lostRaces = records.stream().filter(r -> r.status() == ExperimentStatus.REJECTED
                    && r.failure().message().contains("another experiment adopted that version first")).toList();
            assertThat(lostRaces).allSatisfy(r -> {
                var winner = versions.get(r.championVersion() + 1);
                assertThat(winner.experimentId()).isNotEqualTo(r.id());
            });
            // The same code is adopted at most once, however many racers proposed it.
            var adoptedHashes = adopted.stream().map(ExperimentRecord::codeSha256).toList();
            assertThat(adoptedHashes).doesNotHaveDuplicates();
            LOG.info("race: {} experiments, {} adoptions, {} lost races, {} s in all", records.size(), k,
                    lostRaces.size(), (System.nanoTime() - started) / 1_000_000_000);
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
