package io.codeclab.orchestrator.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeclab.orchestrator.app.CodecLab;
import io.codeclab.orchestrator.config.CodecLabConfig;
import io.codeclab.orchestrator.experiment.ExperimentRecord;
import io.codeclab.orchestrator.experiment.ExperimentStatus;
import io.codeclab.orchestrator.experiment.VersionRecord;
import io.codeclab.orchestrator.testing.CodecLabProcess;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SPEC §7 and §11: a daemon and several {@code run-once} processes race on one store (one data directory,
 * so one DynamoDB Local and one S3 store shared by all). Whatever the interleaving, every version is
 * adopted by exactly one experiment, versions are gapless, no record is lost or left running, and the
 * champion is the last version adopted.
 */
class AdoptionRaceIT {

    private static final Logger LOG = LoggerFactory.getLogger(AdoptionRaceIT.class);
    private static final int FRAMES = 8;
    private static final int DAEMON_EXPERIMENTS = 2;
    private static final int FIRST_WAVE = 3;
    private static final int SECOND_WAVE = 2;
    private static final Duration PATIENCE = Duration.ofMinutes(10);

    @TempDir
    Path dataDir;

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
