package io.codeclab.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.codeclab.testing.Preconditions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd unit as systemd itself reads it: {@code systemd-analyze verify} (works without systemd as
 * init) on the unit as installed, alone and with the bwrap drop-in, must report nothing. Missing
 * {@code systemd-analyze} skips the test on a workstation and fails it under {@code CODEC_LAB_REQUIRE_SYSTEMD=1},
 * which {@code scripts/test} sets after installing it.
 */
class SystemdUnitIT {

    static final String REQUIRE_SYSTEMD = "CODEC_LAB_REQUIRE_SYSTEMD";

    static final Path REPO = Path.of("").toAbsolutePath().getParent();
    static final Path UNIT = REPO.resolve("infra/systemd/codec-lab.service");
    static final Path BWRAP_DROP_IN = REPO.resolve("infra/systemd/codec-lab-bwrap.conf");
    /** CODEC_LAB_STOP_GRACE's default: systemd must wait longer than the daemon's own grace. */
    static final Duration DAEMON_STOP_GRACE = Duration.ofSeconds(60);

    @TempDir
    Path units;

    @BeforeAll
    static void systemdAnalyzeIsThere() {
        boolean onPath = java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, "systemd-analyze")));
        Preconditions.require(REQUIRE_SYSTEMD, onPath,
                () -> "systemd-analyze is not installed (apt-get install systemd; scripts/install-deps --docker does)");
    }

    private record Result(int exitCode, String output) {
    }

    /** The unit as install-service leaves it: /opt/codec-lab is this checkout. */
    private Path install(Path unitSource) throws IOException {
        String text = Files.readString(unitSource).replace("/opt/codec-lab", REPO.toString());
        return Files.writeString(units.resolve("codec-lab.service"), text);
    }

    private Result analyze(String... args) throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of("systemd-analyze"));
        command.addAll(List.of(args));
        var pb = new ProcessBuilder(command).directory(units.toFile()).redirectErrorStream(true);
        // Our directory first, then systemd's own (trailing ':'), so drop-ins beside the unit are read.
        pb.environment().put("SYSTEMD_UNIT_PATH", units + ":");
        pb.environment().put("SYSTEMD_LOG_COLOR", "0");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("systemd-analyze finished").isTrue();
        return new Result(p.exitValue(), out);
    }

    /** Lines about our files; systemd may also talk about other units on the machine (docker.service). */
    private static List<String> ourLines(String output) {
        return output.lines().filter(l -> l.contains("codec-lab")).toList();
    }

    @Test
    void verifyReportsNothingOnTheUnit() throws Exception {
        install(UNIT);

        var result = analyze("verify", "--man=no", "codec-lab.service");

        assertThat(ourLines(result.output())).as(result.output()).isEmpty();
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void verifyReportsNothingOnTheUnitWithTheBwrapDropIn() throws Exception {
        install(UNIT);
        Path dropIns = Files.createDirectories(units.resolve("codec-lab.service.d"));
        Files.copy(BWRAP_DROP_IN, dropIns.resolve("bwrap.conf"));

        var result = analyze("verify", "--man=no", "codec-lab.service");

        assertThat(ourLines(result.output())).as(result.output()).isEmpty();
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    /** The check can fail: a misspelt option and a missing program are both reported. */
    @Test
    void verifyCatchesAMisspeltOptionAndAMissingProgram() throws Exception {
        Path unit = install(UNIT);
        Files.writeString(unit, Files.readString(unit).replace("NoNewPrivileges=yes", "NoNewPrivilege=yes")
                .replace(REPO + "/scripts/codec-lab", REPO + "/scripts/no-such-program"));

        var result = analyze("verify", "--man=no", "codec-lab.service");

        assertThat(result.output()).contains("Unknown key 'NoNewPrivilege'").contains("no-such-program");
        assertThat(result.exitCode()).isNotZero();
    }

    @Test
    void unitRunsAsItsOwnUserWithTheDocumentedHardening() throws IOException {
        var settings = settings(Files.readString(UNIT));

        assertThat(settings).containsEntry("User", List.of("codec-lab"))
                .containsEntry("SupplementaryGroups", List.of("docker"))
                .containsEntry("Restart", List.of("on-failure"))
                .containsEntry("NoNewPrivileges", List.of("yes"))
                .containsEntry("ProtectSystem", List.of("strict"))
                .containsEntry("ProtectHome", List.of("yes"))
                .containsEntry("PrivateTmp", List.of("yes"))
                .containsEntry("StateDirectory", List.of("codec-lab"))
                .containsEntry("StateDirectoryMode", List.of("0700"))
                .containsEntry("ReadWritePaths", List.of("/var/lib/codec-lab"))
                .containsEntry("StandardOutput", List.of("journal"))
                .containsEntry("StandardError", List.of("journal"))
                .containsEntry("KillSignal", List.of("SIGTERM"))
                .containsEntry("EnvironmentFile", List.of("-/etc/codec-lab/codec-lab.env"));
        assertThat(settings.get("Environment")).contains("CODEC_LAB_DATA_DIR=/var/lib/codec-lab",
                "CODEC_LAB_SANDBOX=docker", "CODEC_LAB_NO_BUILD=1",
                // dockerd cannot see PrivateTmp's /tmp: what the sandbox mounts must be in the data directory
                "CODEC_LAB_JAVA_OPTS=-Djava.io.tmpdir=/var/lib/codec-lab/tmp");
        assertThat(settings.get("ExecStart")).containsExactly("/opt/codec-lab/scripts/codec-lab daemon");
        Duration stop = Duration.ofSeconds(Long.parseLong(settings.get("TimeoutStopSec").get(0).replace("s", "")));
        assertThat(stop).isGreaterThan(DAEMON_STOP_GRACE);
    }

    @Test
    void bwrapDropInRunsAsRootWithADelegatedCgroupAndKeepsTheFileSystemLocked() throws IOException {
        var settings = settings(Files.readString(BWRAP_DROP_IN));

        assertThat(settings).containsEntry("User", List.of("root"))
                .containsEntry("Delegate", List.of("yes"))
                .containsEntry("ProtectControlGroups", List.of("no"))
                .containsEntry("RestrictNamespaces", List.of("no"))
                .containsEntry("RuntimeDirectory", List.of("codec-lab-sandbox"));
        assertThat(settings.get("Environment")).containsExactly("CODEC_LAB_SANDBOX=bwrap");
        // The file-system hardening is not relaxed by the drop-in.
        assertThat(settings).doesNotContainKeys("NoNewPrivileges", "ProtectSystem", "ProtectHome", "PrivateTmp",
                "ReadWritePaths");
    }

    /** systemd's own exposure score (0 = locked down, 10 = unprotected) stays in its "OK" band. */
    @Test
    void securityExposureIsBelowFive() throws Exception {
        install(UNIT);

        var result = analyze("security", "--offline=true", "--no-pager", "codec-lab.service");

        Matcher m = Pattern.compile("Overall exposure level for codec-lab.service: (\\d+\\.\\d)").matcher(result.output());
        assertThat(m.find()).as(result.output()).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isLessThan(5.0);
    }

    /** Key to its values in order (keys may repeat, e.g. Environment), comments and sections left out. */
    static Map<String, List<String>> settings(String unit) {
        var map = new LinkedHashMap<String, List<String>>();
        unit.lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.startsWith("["))
                .forEach(l -> {
                    int eq = l.indexOf('=');
                    map.computeIfAbsent(l.substring(0, eq), k -> new ArrayList<>()).add(l.substring(eq + 1));
                });
        return map;
    }
}
