package io.codeclab.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codeclab.eval.video.Y4m;
import io.codeclab.orchestrator.testing.TestClips;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FRAMES = 10;

    @TempDir
    static Path dataDir;

    private record Result(int exitCode, String stdout, String stderr) {
        JsonNode json() throws IOException {
            return JSON.readTree(stdout);
        }
    }

    private static Result codecLab(String... args) throws Exception {
        var command = new ArrayList<String>();
        command.add(TestClips.repositoryRoot().resolve("scripts/codec-lab").toString());
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("CODEC_LAB_"));
        env.put("CODEC_LAB_NO_BUILD", "1");
        env.put("CODEC_LAB_DATA_DIR", dataDir.toString());
        env.put("CODEC_LAB_SEARCH_CLIPS", shortened(TestClips.search()).toString());
        env.put("CODEC_LAB_ADOPTION_CLIPS", shortened(TestClips.adoption()).toString());
        Path out = Files.createTempFile(dataDir, "codec-lab-out", ".txt");
        Path err = Files.createTempFile(dataDir, "codec-lab-err", ".txt");
        var process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(15, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("codec-lab " + String.join(" ", args) + " did not finish in 15 minutes");
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** The first frames of a real clip: the same footage, so the six experiments here stay quick. */
    private static Path shortened(Path clip) {
        Path target = dataDir.resolve("short-" + clip.getFileName());
        if (!Files.exists(target)) {
            Y4m.write(Y4m.read(clip).firstFrames(FRAMES), target);
        }
        return target;
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
