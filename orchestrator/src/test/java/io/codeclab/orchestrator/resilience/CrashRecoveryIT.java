package io.codeclab.orchestrator.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeclab.orchestrator.app.CodecLab;
import io.codeclab.orchestrator.config.CodecLabConfig;
import io.codeclab.orchestrator.experiment.ExperimentRecord;
import io.codeclab.orchestrator.experiment.ExperimentStatus;
import io.codeclab.orchestrator.experiment.ExperimentUpdate;
import io.codeclab.orchestrator.experiment.VersionRecord;
import io.codeclab.orchestrator.testing.CodecLabProcess;
import io.codeclab.orchestrator.testing.ExperimentRecords;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import io.codeclab.testing.Preconditions;
import io.codeclab.sandbox.SandboxBackend;
import io.codeclab.sandbox.SandboxConfig;
import io.codeclab.sandbox.SandboxLaunchException;
import io.codeclab.sandbox.Sandboxes;
import io.codeclab.sandbox.docker.DockerContainerSpec;
import io.codeclab.sandbox.docker.DockerSandbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SPEC §7 crash safety: {@code kill -9} of the daemon while its experiment is in a given phase (the daemon
 * also owns the embedded DynamoDB Local and S3 store, so they die with it), then a restart on the same
 * data directory. The killed experiment becomes ABANDONED once its lease ran out, with the reason; what
 * was stored before the kill survives; versions stay gapless; nothing of the killed process keeps running.
 *
 * <p>It runs on both sandbox backends. With bubblewrap ({@code --die-with-parent}) the sandboxed processes
 * die with the JVM and stale cgroups are removed by the next start. With Docker a killed daemon's container
 * keeps running (its wall-clock timer lived in the dead JVM), so the test kills during a long phase only
 * once a container of the daemon exists, and asserts by label that none of the dead daemon's containers is
 * left once the next process has started (the next Docker sandbox removes those of dead owners).
 */
class CrashRecoveryIT {

    private static final Logger LOG = LoggerFactory.getLogger(CrashRecoveryIT.class);
    /** Enough for every phase to last seconds (a sandbox run each), few enough for quick whole experiments. */
    private static final int FRAMES = 4;
    /**
     * Short, so that the waits for it to run out between the kills stay short (the test waits one lease after each
     * kill); still well above a heartbeat's round trip to the embedded store (heartbeats come every third of it).
     */
    private static final Duration LEASE = Duration.ofSeconds(4);
    private static final Duration PATIENCE = Duration.ofMinutes(6);

    @TempDir
    Path dataDir;

    /** The phases to kill in, each a new daemon on the store the previous kill left. */
    private static final Map<String, Set<ExperimentStatus>> PHASES = phases();

    private static Map<String, Set<ExperimentStatus>> phases() {
        var m = new LinkedHashMap<String, Set<ExperimentStatus>>();
        // PROPOSED lasts only a few S3 writes, VALIDATING one sandboxed policy check: polled every 20 ms.
        m.put("PROPOSED", Set.of(ExperimentStatus.PROPOSED));
        m.put("VALIDATING", Set.of(ExperimentStatus.VALIDATING));
        m.put("SCREENING", Set.of(ExperimentStatus.SCREENING));
        m.put("EVALUATING", Set.of(ExperimentStatus.EVALUATING));
        return m;
    }

    /**
     * The daemon was killed when the test saw its experiment in {@code seen}, one of {@code phase}, with
     * {@code containers} Docker containers of its own at that moment.
     */
    private record Kill(String experimentId, ExperimentStatus seen, Set<ExperimentStatus> phase, Instant at,
                        int containers) {
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bwrap", "docker"})
    void killingTheDaemonInEachPhaseAbandonsThatExperimentAndLosesNothingElse(String backend) throws Exception {
        requireBackend(backend);
        boolean docker = backend.equals("docker");
        long started = System.nanoTime();
        var lab = CodecLabProcess.on(dataDir, FRAMES)
                .with(CodecLabConfig.X264_ANCHOR, "false")
                .with(CodecLabConfig.QUALITIES, "2,8")
                .with(CodecLabConfig.SANDBOX, backend)
                .with(CodecLabConfig.LEASE, LEASE.toSeconds() + "s");

        // A finished experiment before any crash: it must come out of every crash untouched.
        var first = lab.run("run-once", "--json");
        assertThat(first.exitCode()).as("stderr:%n%s", CodecLabProcess.tail(first.stderr())).isZero();
        String firstId = first.json().get("id").asText();
        String firstStatus = first.json().get("status").asText();
        assertThat(firstStatus).isIn("ADOPTED", "REJECTED");

        var known = new HashSet<>(Set.of(firstId));
        var kills = new ArrayList<Kill>();
        var killedPids = new ArrayList<Long>();
        int containersAtKills = 0;
        Instant nextStartNotBefore = Instant.EPOCH;
        for (var phase : PHASES.entrySet()) {
            sleepUntil(nextStartNotBefore);
            var daemon = lab.start("daemon", "--interval", "1s", "--max-experiments", "5");
            var kill = killWhenNewExperimentReaches(daemon, known, phase.getKey(), phase.getValue(), docker);
            if (docker) {
                // This daemon created an experiment, so its Docker sandbox (built with the runner) had started.
                for (long dead : killedPids) {
                    assertThat(containersOf(dead)).as("containers of the killed daemon %d once the next one ran", dead)
                            .isEmpty();
                }
                containersAtKills += kill.containers();
                killedPids.add(daemon.pid());
            }
            kills.add(kill);
            known.add(kill.experimentId());
            // The last heartbeat renewed the lease at most LEASE before the kill: after that it has run out.
            nextStartNotBefore = kill.at().plus(LEASE).plusMillis(500);
            LOG.info("killed the daemon during {} (experiment {} was {}; {} container(s) of it)", phase.getKey(),
                    kill.experimentId(), kill.seen(), kill.containers());
        }

        sleepUntil(nextStartNotBefore);
        var last = lab.run("run-once", "--json");
        assertThat(last.exitCode()).as("stderr:%n%s", CodecLabProcess.tail(last.stderr())).isZero();
        String lastId = last.json().get("id").asText();
        assertThat(last.json().get("status").asText()).as("%s", last.json().get("failure")).isIn("ADOPTED", "REJECTED");
        assertThat(last.stderr()).contains("ABANDONED").contains(kills.get(kills.size() - 1).experimentId());
        if (docker) {
            assertThat(containersAtKills).as("containers running at the kills (else nothing was left to remove)")
                    .isPositive();
            for (long dead : killedPids) {
                assertThat(containersOf(dead)).as("containers of killed daemon %d after the last run", dead).isEmpty();
                assertThat(runCgroupsOf(dead)).as("per-run cgroup parents of killed daemon %d after the last run", dead)
                        .isEmpty();
            }
        }
        LOG.info("crash scenario ran in {} s", (System.nanoTime() - started) / 1_000_000_000);

        try (var codecLab = CodecLab.open(CodecLabConfig.load(Optional.empty(), Map.of(),
                Map.of(CodecLabConfig.DATA_DIR, dataDir.toString())))) {
            var store = codecLab.experiments();
            List<ExperimentRecord> records = store.latest(100);
            var hit = new ArrayList<ExperimentStatus>();
            assertThat(records).extracting(ExperimentRecord::id).containsExactlyInAnyOrderElementsOf(
                    concat(List.of(firstId, lastId), kills.stream().map(Kill::experimentId).toList()));

            var firstRecord = store.find(firstId).orElseThrow();
            assertThat(firstRecord.status().name()).isEqualTo(firstStatus);
            assertThat(firstRecord.points()).hasSize(2);
            assertThat(firstRecord.artifacts()).containsKeys("code", "report");

            for (var kill : kills) {
                var r = store.find(kill.experimentId()).orElseThrow();
                assertThat(r.status()).as(r.id()).isEqualTo(ExperimentStatus.ABANDONED);
                assertThat(r.leaseOwner()).isNull();
                assertThat(r.failure().stage()).isEqualTo("lease");
                assertThat(r.failure().kind()).isEqualTo("LeaseExpired");
                // The state at the kill (the process may have moved on in the instant between our read and the kill).
                var atKill = ExperimentStatus.valueOf(r.failure().message().replaceAll(".* while ([A-Z]+) .*", "$1"));
                assertThat(atKill).as(r.failure().message()).isIn(kill.phase().toArray());
                hit.add(atKill);
                // What the killed process stored before the kill survived the kill of its store's owner too
                // (the code's key is recorded with the move to VALIDATING).
                assertThat(r.codeSha256()).matches("[0-9a-f]{64}");
                if (atKill != ExperimentStatus.PROPOSED) {
                    assertThat(r.artifacts()).containsKey("code");
                }
                if (atKill == ExperimentStatus.SCREENING || atKill == ExperimentStatus.EVALUATING) {
                    assertThat(r.violations()).isEmpty();
                    assertThat(r.artifacts()).containsKey("validation");
                }
                if (atKill == ExperimentStatus.EVALUATING) {
                    assertThat(r.stages()).isNotEmpty();
                }
            }
            assertThat(records).allSatisfy(r -> assertThat(r.status().isTerminal()).as(r.id() + " " + r.status()).isTrue());

            var adopted = records.stream().filter(r -> r.status() == ExperimentStatus.ADOPTED).toList();
            List<VersionRecord> versions = store.versions();
            assertThat(versions).extracting(VersionRecord::version)
                    .containsExactlyElementsOf(IntStream.rangeClosed(0, adopted.size()).boxed().toList());
            for (var r : adopted) {
                assertThat(versions.get(r.adoptedVersion()).experimentId()).isEqualTo(r.id());
            }
            assertThat(store.champion().orElseThrow().version()).isEqualTo(adopted.size());
            LOG.info("crash test: killed in phases {}, {} experiments, {} adoptions, {} s in all", hit, records.size(),
                    adopted.size(), (System.nanoTime() - started) / 1_000_000_000);
        }
    }

    /**
     * An experiment whose process died after it was SCORED but before the decision (a window of a few
     * milliseconds, too short to hit with a kill from outside): its lease must run out like any other's.
     */
    @Test
    void anExperimentWhoseProcessDiedAfterScoringIsAbandonedToo() throws Exception {
        try (var codecLab = CodecLab.open(CodecLabConfig.load(Optional.empty(), Map.of(),
                Map.of(CodecLabConfig.DATA_DIR, dataDir.toString())))) {
            var store = codecLab.experiments();
            var id = ExperimentRecords.nextId();
            store.create(ExperimentRecords.proposed(id), "dead-host:1", Instant.now().plusMillis(300));
            store.update(id, ExperimentUpdate.to(ExperimentStatus.VALIDATING, ExperimentStatus.PROPOSED).build());
            store.update(id, ExperimentUpdate.to(ExperimentStatus.SCREENING, ExperimentStatus.VALIDATING).build());
            store.update(id, ExperimentUpdate.to(ExperimentStatus.EVALUATING, ExperimentStatus.SCREENING).build());
            store.update(id, ExperimentUpdate.to(ExperimentStatus.SCORED, ExperimentStatus.EVALUATING).build());
            Thread.sleep(600);

            assertThat(store.abandonExpired(Instant.now())).containsExactly(id);
            var record = store.find(id).orElseThrow();
            assertThat(record.status()).isEqualTo(ExperimentStatus.ABANDONED);
            assertThat(record.failure().message()).contains("dead-host:1").contains("while SCORED");
        }
    }

    private Kill killWhenNewExperimentReaches(CodecLabProcess.Running daemon, Set<String> known, String phase,
                                              Set<ExperimentStatus> targets, boolean docker) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        StoreProbe probe = null;
        try {
            while (System.nanoTime() < deadline) {
                assertThat(daemon.process().isAlive()).as("%s ended before its experiment reached %s; stderr:%n%s",
                        daemon, phase, CodecLabProcess.tail(daemon.stderr())).isTrue();
                if (probe == null) {
                    // The daemon is the only process on the directory: it owns the embedded services once it advertises them.
                    probe = StoreProbe.of(dataDir).filter(p -> p.ownerPid() == daemon.pid()).orElse(null);
                    if (probe == null) {
                        Thread.sleep(200);
                        continue;
                    }
                }
                var newest = probe.store().latest(1).stream().findFirst();
                if (newest.isPresent() && !known.contains(newest.get().id())) {
                    var record = newest.get();
                    if (targets.contains(record.status())) {
                        int containersSeen = 0;
                        if (record.status() == ExperimentStatus.SCREENING || record.status() == ExperimentStatus.EVALUATING) {
                            // A long phase: kill while a sandbox runs, so that the kill has children to orphan
                            // (with Docker: a container, which the engine runs, not the JVM).
                            if (docker) {
                                containersSeen = awaitContainer(daemon, Duration.ofSeconds(3));
                            } else {
                                awaitChildren(daemon, Duration.ofSeconds(3));
                            }
                        }
                        // A short container may be gone by the second look: the kill had at least what the first saw.
                        return kill(daemon, record, targets,
                                docker ? Math.max(containersSeen, containersOf(daemon.pid()).size()) : 0);
                    }
                    assertThat(record.status().ordinal()).as("experiment %s went past %s unseen (now %s)", record.id(),
                            phase, record.status()).isLessThan(targets.stream().mapToInt(Enum::ordinal).min().orElseThrow());
                }
                Thread.sleep(20);
            }
            throw new AssertionError(daemon + ": no new experiment reached " + phase + " in " + PATIENCE);
        } finally {
            if (probe != null) {
                probe.close();
            }
            daemon.process().destroyForcibly();
        }
    }

    /** SIGKILL to the JVM (the script exec'd java), then proof that none of its processes outlived it. */
    private Kill kill(CodecLabProcess.Running daemon, ExperimentRecord seen, Set<ExperimentStatus> phase,
                      int containers) throws Exception {
        var handle = daemon.process().toHandle();
        assertThat(handle.info().command().orElse("")).as("the pid is the JVM's, not a shell's").endsWith("/java");
        var descendants = handle.descendants().toList();
        daemon.process().destroyForcibly();
        var at = Instant.now();
        assertThat(daemon.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(daemon.process().exitValue()).isEqualTo(137);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline && descendants.stream().anyMatch(ProcessHandle::isAlive)) {
            Thread.sleep(100);
        }
        assertThat(descendants.stream().filter(ProcessHandle::isAlive).map(p -> p.pid() + " " + p.info().commandLine().orElse("?")))
                .as("children of the killed daemon (sandboxes) still alive").isEmpty();
        assertThat(ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains(dataDir.toString()))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")))
                .as("processes still working in the data directory").isEmpty();
        LOG.info("{}: killed with {} descendant(s) at the time (pids {}), all gone", daemon, descendants.size(),
                descendants.stream().map(ProcessHandle::pid).toList());
        return new Kill(seen.id(), seen.status(), phase, at, containers);
    }

    /** Waits up to {@code atMost} for a container of the daemon; returns how many it saw (0: none in time). */
    private static int awaitContainer(CodecLabProcess.Running daemon, Duration atMost) throws Exception {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (true) {
            int seen = containersOf(daemon.pid()).size();
            if (seen > 0 || System.nanoTime() >= deadline) {
                return seen;
            }
            Thread.sleep(20);
        }
    }

    /** The per-run cgroup parents ({@code codec-lab-docker/run-<pid>-<n>}) of JVM {@code pid}, in any hierarchy. */
    private static List<java.nio.file.Path> runCgroupsOf(long pid) throws java.io.IOException {
        var found = new ArrayList<java.nio.file.Path>();
        try (var hierarchies = java.nio.file.Files.list(java.nio.file.Path.of("/sys/fs/cgroup"))) {
            for (var hierarchy : hierarchies.toList()) {
                var root = hierarchy.resolve("codec-lab-docker");
                if (java.nio.file.Files.isDirectory(root)) {
                    try (var runs = java.nio.file.Files.list(root)) {
                        runs.filter(r -> r.getFileName().toString().startsWith("run-" + pid + "-")).forEach(found::add);
                    }
                }
            }
        }
        return found;
    }

    /** Ids of the containers (running or not) that the codec-lab JVM {@code pid} created, by their labels. */
    private static List<String> containersOf(long pid) throws Exception {
        var ps = new ProcessBuilder("docker", "ps", "-a", "-q", "--filter", "label=" + DockerContainerSpec.LABEL,
                "--filter", "label=" + DockerContainerSpec.OWNER_LABEL + "=" + pid)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        var ids = new String(ps.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(ps.waitFor()).as("docker ps").isZero();
        return ids.lines().filter(l -> !l.isBlank()).toList();
    }

    private static void requireBackend(String backend) {
        if (backend.equals("docker")) {
            var missing = DockerSandbox.unavailableReason(SandboxConfig.custom().backend(SandboxBackend.DOCKER).build()
                    .image());
            Preconditions.docker(missing.isEmpty(), () -> "the Docker sandbox backend is not available: "
                    + missing.orElse(""));
        } else {
            String unavailable = null;
            try (var sandbox = Sandboxes.create(SandboxConfig.custom().backend(SandboxBackend.BWRAP).build())) {
                // created: bwrap, cgroups and the self-test work here
            } catch (SandboxLaunchException e) {
                unavailable = e.getMessage();
            }
            String reason = unavailable;
            Preconditions.bwrap(reason == null, () -> "the bwrap sandbox backend is not available: " + reason);
        }
    }

    private static void awaitChildren(CodecLabProcess.Running daemon, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < deadline && daemon.process().toHandle().descendants().findAny().isEmpty()) {
            Thread.sleep(20);
        }
    }

    private static void sleepUntil(Instant when) throws InterruptedException {
        long millis = Duration.between(Instant.now(), when).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        var all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
