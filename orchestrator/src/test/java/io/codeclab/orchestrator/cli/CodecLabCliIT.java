package io.codeclab.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codeclab.orchestrator.testing.CodecLabProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as scripts and users meet it: {@code scripts/codec-lab} in separate processes on one
 * data directory, so every record a later process lists was stored by an earlier one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CodecLabCliIT {

    private static final int FRAMES = 10;

    @TempDir
    static Path dataDir;

    private static CodecLabProcess.Result codecLab(String... args) {
        return CodecLabProcess.on(dataDir, FRAMES).run(args);
    }

    @Test
    @Order(1)
    void threeRunOnceProcessesLeaveThreeRecordsAndGaplessVersions() throws Exception {
        var ids = new ArrayList<String>();
        int adoptions = 0;
        for (int i = 0; i < 3; i++) {
            var run = codecLab("run-once", "--json");
            assertThat(run.exitCode()).as("run-once stderr:%n%s", run.stderr()).isZero();
            JsonNode record = run.json();
            assertThat(record.get("status").asText()).isIn("ADOPTED", "REJECTED");
            assertThat(record.get("codeSha256").asText()).matches("[0-9a-f]{64}");
            assertThat(record.get("points")).hasSizeGreaterThanOrEqualTo(2);
            for (JsonNode p : record.get("points")) {
                assertThat(p.get("bytes").asLong()).isPositive();
                assertThat(p.get("kbps").asDouble()).isPositive();
                assertThat(p.get("psnrY").asDouble()).isBetween(20.0, 60.0);
                assertThat(p.get("psnrRgb").asDouble()).isBetween(20.0, 60.0);
                assertThat(p.get("ssimY").asDouble()).isBetween(0.5, 1.0);
            }
            assertThat(record.get("createdAt").asText()).isNotEmpty();
            assertThat(record.get("updatedAt").asText()).isNotEmpty();
            if (record.get("status").asText().equals("ADOPTED")) {
                adoptions++;
                assertThat(record.get("adoptedVersion").asInt()).isEqualTo(adoptions);
            }
            ids.add(record.get("id").asText());
        }
        // The first challenger (the block-DCT template) beats per-frame JPEG: at least one adoption.
        assertThat(adoptions).isPositive();

        var list = codecLab("experiments", "list", "--json");
        assertThat(list.exitCode()).isZero();
        var listed = new ArrayList<String>();
        list.json().get("experiments").forEach(e -> listed.add(e.get("id").asText()));
        var newestFirst = new ArrayList<>(ids);
        java.util.Collections.reverse(newestFirst);
        assertThat(listed).containsExactlyElementsOf(newestFirst);

        assertVersionsGapless(adoptions + 1);

        var show = codecLab("experiments", "show", ids.get(0), "--json", "--artifacts");
        assertThat(show.exitCode()).isZero();
        assertThat(show.json().get("id").asText()).isEqualTo(ids.get(0));
        assertThat(show.json().get("artifactKeys").toString()).contains("code.py", "report.json");
    }

    @Test
    @Order(2)
    void theDaemonRunsThreeExperimentsAndExits() throws Exception {
        int before = codecLab("experiments", "list", "--json", "--limit", "100").json().get("experiments").size();
        var daemon = codecLab("daemon", "--interval", "5s", "--max-experiments", "3");
        assertThat(daemon.exitCode()).as("daemon stderr:%n%s", daemon.stderr()).isZero();
        assertThat(daemon.stdout()).isEmpty();
        assertThat(daemon.stderr()).contains("daemon stopped after 3 experiment(s)");
        var after = codecLab("experiments", "list", "--json", "--limit", "100").json().get("experiments");
        assertThat(after.size()).isEqualTo(before + 3);
        var statuses = new HashSet<String>();
        after.forEach(e -> statuses.add(e.get("status").asText()));
        assertThat(statuses).isSubsetOf("ADOPTED", "REJECTED", "FAILED");
        int adopted = 0;
        for (JsonNode e : after) {
            if (e.get("status").asText().equals("ADOPTED")) {
                adopted++;
            }
        }
        assertVersionsGapless(adopted + 1);
    }

    @Test
    @Order(3)
    void unknownExperimentIsRejectedAndBadFlagsAreUsageErrors() throws Exception {
        var show = codecLab("experiments", "show", "no-such-id", "--json");
        assertThat(show.exitCode()).isEqualTo(3);
        assertThat(show.stdout()).isEmpty();
        assertThat(show.stderr()).contains("no experiment with id no-such-id");
        var bad = codecLab("experiments", "list", "--limit", "0");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stderr()).contains("--limit");
    }

    private static void assertVersionsGapless(int expectedCount) throws Exception {
        var versions = codecLab("versions", "--json");
        assertThat(versions.exitCode()).isZero();
        var numbers = new ArrayList<Integer>();
        versions.json().get("versions").forEach(v -> numbers.add(v.get("version").asInt()));
        var expected = new ArrayList<Integer>();
        for (int v = 0; v < expectedCount; v++) {
            expected.add(v);
        }
        assertThat(numbers).containsExactlyElementsOf(expected);
        assertThat(versions.json().get("versions").get(0).get("experimentId").asText()).isEmpty();
    }
}
