package io.codeclab.orchestrator.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeclab.orchestrator.config.CodecLabConfig;
import io.codeclab.orchestrator.experiment.ExperimentRecord;
import io.codeclab.orchestrator.experiment.ExperimentStatus;
import io.codeclab.orchestrator.experiment.VersionRecord;
import io.codeclab.orchestrator.testing.AwsFixture;
import io.codeclab.orchestrator.testing.CodecLabProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §11: two hosts (two daemons, each with its own data directory) against one DynamoDB endpoint and one
 * S3 endpoint, running experiments at the same time, each with two in flight. No coordinator but the store:
 * leases, conditional writes and the adoption transaction keep the versions gapless and every experiment adopted
 * at most once; the program database's claims keep any program from being evaluated twice (issue 16).
 */
class FleetIT {

    private static final int PER_HOST = 2;

    @TempDir
    Path hostA;

    @TempDir
    Path hostB;

    @AfterEach
    void killLeftovers() {
        ProcessHandle.current().children()
                .filter(p -> p.info().commandLine().orElse("").contains("io.codeclab.orchestrator.cli.Main"))
                .forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void twoHostsOnOneTableKeepVersionsGaplessAndAdoptEachExperimentAtMostOnce() throws Exception {
        String tablePrefix = AwsFixture.uniqueTablePrefix(FleetIT.class);
        String bucket = AwsFixture.uniqueBucket(FleetIT.class);
        var a = DaemonProcesses.lab(hostA, tablePrefix, bucket).with(CodecLabConfig.IN_FLIGHT, "2")
                .start("daemon", "--max-experiments", Integer.toString(PER_HOST), "--interval", "1s");
        var b = DaemonProcesses.lab(hostB, tablePrefix, bucket).with(CodecLabConfig.IN_FLIGHT, "2")
                .start("daemon", "--max-experiments", Integer.toString(PER_HOST), "--interval", "1s");
        var endA = a.await(Duration.ofMinutes(15));
        var endB = b.await(Duration.ofMinutes(15));
        assertThat(endA.exitCode()).as("host A stderr:%n%s", CodecLabProcess.tail(endA.stderr())).isZero();
        assertThat(endB.exitCode()).as("host B stderr:%n%s", CodecLabProcess.tail(endB.stderr())).isZero();
        assertThat(endA.stderr()).contains("daemon stopped after " + PER_HOST + " experiment(s), 0 internal error(s)");
        assertThat(endB.stderr()).contains("daemon stopped after " + PER_HOST + " experiment(s), 0 internal error(s)");

        var store = DaemonProcesses.store(tablePrefix);
        var records = store.latest(50);
        assertThat(records).hasSize(2 * PER_HOST);
        assertThat(records).extracting(ExperimentRecord::id).doesNotHaveDuplicates();
        var ranOnA = ended(endA.stderr());
        var ranOnB = ended(endB.stderr());
        assertThat(ranOnA).hasSize(PER_HOST).doesNotContainAnyElementsOf(ranOnB);
        assertThat(records).extracting(ExperimentRecord::id).containsExactlyInAnyOrderElementsOf(
                Stream.concat(ranOnA.stream(), ranOnB.stream()).toList());
        // At the same time: each host's experiments began before the other host's last one ended.
        var spanA = span(records, ranOnA);
        var spanB = span(records, ranOnB);
        assertThat(spanA[0]).isBefore(spanB[1]);
        assertThat(spanB[0]).isBefore(spanA[1]);
        assertThat(records).allSatisfy(r -> assertThat(r.status().isTerminal()).as(r.id() + " " + r.status()).isTrue());
        // Both daemons make progress: each evaluated programs of its own, and no program was evaluated twice.
        var evaluated = records.stream().filter(r -> !r.normalizedSha256().isEmpty()).toList();
        assertThat(evaluated).as("every experiment got a program").hasSize(2 * PER_HOST);
        assertThat(evaluated).extracting(ExperimentRecord::normalizedSha256).doesNotHaveDuplicates();
        assertThat(evaluated).filteredOn(r -> ranOnA.contains(r.id()) && r.status() != ExperimentStatus.FAILED)
                .as("host A scored programs").isNotEmpty();
        assertThat(evaluated).filteredOn(r -> ranOnB.contains(r.id()) && r.status() != ExperimentStatus.FAILED)
                .as("host B scored programs").isNotEmpty();
        // Each host had two experiments running at once at some moment.
        assertThat(mostAtOnce(records, ranOnA)).isEqualTo(2);
        assertThat(mostAtOnce(records, ranOnB)).isEqualTo(2);

        var adopted = records.stream().filter(r -> r.status() == ExperimentStatus.ADOPTED).toList();
        var versions = store.versions();
        assertThat(versions).extracting(VersionRecord::version)
                .containsExactlyElementsOf(IntStream.rangeClosed(0, adopted.size()).boxed().toList());
        // Each adopted experiment holds exactly one version (its own), and no version names another experiment twice.
        assertThat(versions.subList(1, versions.size())).extracting(VersionRecord::experimentId)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(adopted.stream().map(ExperimentRecord::id).toList());
        for (var r : adopted) {
            assertThat(versions.get(r.adoptedVersion()).experimentId()).isEqualTo(r.id());
        }
        assertThat(store.champion().orElseThrow().version()).isEqualTo(adopted.size());
    }

    /** The experiments a daemon's log says it ran. */
    private static List<String> ended(String log) {
        var m = Pattern.compile("experiment (\\S+) ended [A-Z]+ \\(").matcher(log);
        var ids = new ArrayList<String>();
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    /** The most experiments of {@code ids} that were running at one instant (created and not yet ended). */
    private static int mostAtOnce(List<ExperimentRecord> records, List<String> ids) {
        var mine = records.stream().filter(r -> ids.contains(r.id())).toList();
        int most = 0;
        for (var r : mine) {
            var t = r.createdAt();
            most = Math.max(most, (int) mine.stream()
                    .filter(o -> !o.createdAt().isAfter(t) && o.updatedAt().isAfter(t)).count());
        }
        return most;
    }

    /** First creation and last update among {@code ids}. */
    private static Instant[] span(List<ExperimentRecord> records, List<String> ids) {
        var mine = records.stream().filter(r -> ids.contains(r.id())).toList();
        return new Instant[] {mine.stream().map(ExperimentRecord::createdAt).min(Instant::compareTo).orElseThrow(),
                mine.stream().map(ExperimentRecord::updatedAt).max(Instant::compareTo).orElseThrow()};
    }
}
