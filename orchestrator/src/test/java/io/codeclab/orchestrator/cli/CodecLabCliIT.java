package io.codeclab.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codeclab.orchestrator.config.CodecLabConfig;
import io.codeclab.orchestrator.testing.CodecLabProcess;
import io.codeclab.testing.TestClips;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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

    /** The first frames of the real clips: enough for inter prediction and a BD-rate; encode time grows with them. */
    private static final int FRAMES = 4;
    /**
     * Two qualities for the experiments (the default is four): every quality costs an encode and two decodes in
     * the sandbox for the challenger and for the champion, and two points are all a BD-rate needs.
     * {@code eval} below names its qualities itself.
     */
    private static final String QUALITIES = "2,8";

    @TempDir
    static Path dataDir;

    private static CodecLabProcess.Result codecLab(String... args) {
        return lab().run(args);
    }

    private static CodecLabProcess lab() {
        return CodecLabProcess.on(dataDir, FRAMES).with(CodecLabConfig.QUALITIES, QUALITIES);
    }

    private static Path shortened(Path clip) {
        return CodecLabProcess.shortened(dataDir, clip, FRAMES);
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
            assertThat(record.get("points")).hasSize(2);
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
        var daemon = codecLab("daemon", "--interval", "1s", "--max-experiments", "3");
        assertThat(daemon.exitCode()).as("daemon stderr:%n%s", daemon.stderr()).isZero();
        assertThat(daemon.stdout()).isEmpty();
        assertThat(daemon.stderr()).contains("daemon stopped after 3 experiment(s)");
        var after = codecLab("experiments", "list", "--json", "--limit", "100").json().get("experiments");
        assertThat(after.size()).isEqualTo(before + 3);
        var statuses = new HashSet<String>();
        after.forEach(e -> statuses.add(e.get("status").asText()));
        // An experiment that FAILED means the daemon's pipeline broke (the offline proposer writes valid codecs).
        assertThat(after).allSatisfy(e -> assertThat(e.get("status").asText()).as("experiment %s: %s", e.get("id"),
                e.get("failure")).isIn("ADOPTED", "REJECTED"));
        assertThat(statuses).isNotEmpty();
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

    @Test
    @Order(4)
    void sandboxRunReportsTheScriptedFields() throws Exception {
        Path script = dataDir.resolve("hello.py");
        Files.writeString(script, "import os\nprint('hello', sorted(os.listdir('/input')))\n"
                + "open('/output/out.txt', 'w').write('done')\n");
        Path input = Files.createDirectories(dataDir.resolve("sandbox-input"));
        Files.writeString(input.resolve("a.txt"), "a");
        var ok = codecLab("sandbox", "run", script.toString(), "--input", input.toString(), "--json");
        assertThat(ok.exitCode()).as(ok.stderr()).isZero();
        JsonNode r = ok.json();
        assertThat(r.get("status").asText()).isEqualTo("OK");
        assertThat(r.get("exitCode").asInt()).isZero();
        assertThat(r.get("stdoutTail").asText()).contains("hello ['a.txt']");
        assertThat(r.get("backend").asText()).isIn("docker", "bwrap");
        for (String field : List.of("wallSeconds", "cpuSeconds", "peakMemoryBytes", "stderrTail")) {
            assertThat(r.has(field)).as(field).isTrue();
        }
        assertThat(Files.readString(Path.of(r.get("outputDir").asText()).resolve("out.txt"))).isEqualTo("done");

        Path loop = dataDir.resolve("loop.py");
        Files.writeString(loop, "while True:\n    pass\n");
        var timeout = codecLab("sandbox", "run", loop.toString(), "--timeout", "2s", "--json");
        assertThat(timeout.exitCode()).isEqualTo(3);
        assertThat(timeout.json().get("status").asText()).isEqualTo("TIMEOUT");
        assertThat(timeout.json().get("wallSeconds").asDouble()).isBetween(2.0, 6.0);
    }

    @Test
    @Order(5)
    void validateExitsThreeWithActionableViolations() throws Exception {
        Path bad = dataDir.resolve("bad.py");
        Files.writeString(bad, "import numpy as np\n\ndef encode(frames, quality):\n    np.save('/tmp/x', frames)\n"
                + "    return open('/tmp/x.npy', 'rb').read()\n");
        var rejected = codecLab("validate", bad.toString(), "--json");
        assertThat(rejected.exitCode()).isEqualTo(3);
        JsonNode verdict = rejected.json();
        assertThat(verdict.get("accepted").asBoolean()).isFalse();
        assertThat(verdict.get("violations")).isNotEmpty();
        for (JsonNode v : verdict.get("violations")) {
            assertThat(v.get("line").asInt()).isBetween(4, 5);
            assertThat(v.get("column").asInt()).isPositive();
            assertThat(v.get("rule").asText()).isNotBlank();
            assertThat(v.get("message").asText()).isNotBlank();
        }
        var good = codecLab("validate", TestClips.repositoryRoot()
                .resolve("codec-eval/src/main/resources/io/codeclab/eval/codecs/block_dct.py").toString(), "--json");
        assertThat(good.exitCode()).isZero();
        assertThat(good.json().get("accepted").asBoolean()).isTrue();
    }

    @Test
    @Order(6)
    void evalMetricsAndBdRatePrintTheScriptedFields() throws Exception {
        var eval = codecLab("eval", TestClips.repositoryRoot()
                        .resolve("codec-eval/src/main/resources/io/codeclab/eval/codecs/block_dct.py").toString(),
                "--clip", shortened(TestClips.adoption()).toString(), "--qualities", "2,5,8", "--json");
        assertThat(eval.exitCode()).as(eval.stderr()).isZero();
        JsonNode e = eval.json();
        assertThat(e.get("status").asText()).isEqualTo("SCORED");
        assertThat(e.get("points")).hasSize(3);
        for (String field : List.of("quality", "bytes", "kbps", "bpp", "psnrY", "psnrRgb", "ssimY", "encodeFps",
                "decodeFps")) {
            assertThat(e.get("points").get(0).has(field)).as(field).isTrue();
        }
        assertThat(e.get("bdRateVsX264Percent").isNumber()).isTrue();
        assertThat(e.get("bdRateVsChampionPercent").isNumber()).isTrue();

        Path crash = dataDir.resolve("crash.py");
        Files.writeString(crash, "def encode(frames, quality):\n    raise ValueError('no bits today')\n\n"
                + "def decode(data):\n    return None\n");
        var failed = codecLab("eval", crash.toString(), "--clip", shortened(TestClips.adoption()).toString(), "--json");
        assertThat(failed.exitCode()).isEqualTo(3);
        assertThat(failed.json().get("status").asText()).isEqualTo("FAILED");
        assertThat(failed.json().get("failure").get("stage").asText()).isEqualTo("smoke");
        assertThat(failed.json().get("failure").get("kind").asText()).isEqualTo("ValueError");
        assertThat(failed.json().get("failure").get("message").asText()).contains("no bits today");

        var metrics = codecLab("metrics", shortened(TestClips.search()).toString(),
                shortened(TestClips.adoption()).toString(), "--json");
        assertThat(metrics.exitCode()).isZero();
        assertThat(metrics.json().get("frames").asInt()).isEqualTo(FRAMES);
        for (String plane : List.of("y", "u", "v", "all")) {
            assertThat(metrics.json().get("psnr").get(plane).asDouble()).isBetween(5.0, 40.0);
            assertThat(metrics.json().get("ssim").get(plane).asDouble()).isBetween(-1.0, 1.0);
        }

        Path anchor = dataDir.resolve("anchor.csv");
        Path test = dataDir.resolve("test.csv");
        Files.writeString(anchor, "kbps,psnr\n108048.8736,43.6471\n61279.976,40.3953\n33905.6656,37.247\n"
                + "18883.6928,34.2911\n");
        Files.writeString(test, "kbps,psnr\n108061.2784,43.6768\n61299.9936,40.4232\n33928.7472,37.2761\n"
                + "18910.912,34.3147\n");
        var bd = codecLab("bd-rate", anchor.toString(), test.toString(), "--json");
        assertThat(bd.exitCode()).isZero();
        assertThat(bd.json().get("bdRatePercent").asDouble()).isCloseTo(-0.465215420752807,
                org.assertj.core.data.Offset.offset(1e-6));
        assertThat(bd.json().get("overlapPercent").asDouble()).isGreaterThan(75.0);
    }

    @Test
    @Order(8)
    void anUnknownMetricsKernelIsAClearErrorAndTheScalarKernelGivesTheSameMetrics() {
        String ref = shortened(TestClips.search()).toString();
        String dist = shortened(TestClips.adoption()).toString();
        var bad = lab().with("CODEC_LAB_JAVA_OPTS", "-Dcodeclab.metrics.kernel=simd")
                .run("metrics", ref, dist, "--json");
        assertThat(bad.exitCode()).isEqualTo(3);
        assertThat(bad.stderr()).contains("unknown codeclab.metrics.kernel 'simd': use auto, scalar or vector");

        var vector = codecLab("metrics", ref, dist, "--json");
        var scalar = lab().with("CODEC_LAB_JAVA_OPTS", "-Dcodeclab.metrics.kernel=scalar")
                .run("metrics", ref, dist, "--json");
        assertThat(scalar.exitCode()).as(scalar.stderr()).isZero();
        for (String plane : List.of("y", "u", "v", "all")) {
            assertThat(scalar.json().get("psnr").get(plane).asDouble()).isEqualTo(vector.json().get("psnr").get(plane).asDouble());
            assertThat(scalar.json().get("ssim").get(plane).asDouble()).isCloseTo(
                    vector.json().get("ssim").get(plane).asDouble(), org.assertj.core.data.Offset.offset(1e-6));
        }
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
