package io.codeclab.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codeclab.testing.TestClips;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/codec-lab bench ...} as users run it: a separate process on the built bench module
 * ({@code CODEC_LAB_NO_BUILD=1}), measuring for real. Moved here from the orchestrator's CodecLabCliIT with
 * the benchmarks.
 */
class BenchCliIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;

    @Test
    void benchMetricsMeasuresTheVectorKernelAgainstFfmpegOnTheSameFrames() throws Exception {
        var bench = codecLab("bench", "metrics", TestClips.adoption().toString(), "--loops", "2", "--runs", "1", "--json");
        assertThat(bench.exitCode()).as(bench.stderr()).isZero();
        JsonNode report = bench.json().get("report");
        // scripts/codec-lab starts the JVM with the Vector API, so the product measures with the vector kernel.
        assertThat(report.get("javaKernel").asText()).startsWith("vector");
        assertThat(report.get("framesPerRun").asInt()).isEqualTo(48);
        // Both sides measured the same frames: their SSIM agrees as the agreement test demands.
        assertThat(report.get("javaSsimAll").asDouble()).isCloseTo(report.get("ffmpegSsimAll").asDouble(),
                Offset.offset(1e-4)).isBetween(0.5, 0.9999);
        for (String fps : List.of("javaKernelFps", "ffmpegFiltersFps", "javaEndToEndFps", "ffmpegEndToEndFps")) {
            assertThat(report.get(fps).asDouble()).as(fps).isPositive();
        }
        assertThat(bench.json().get("kernelRatio").asDouble()).isCloseTo(
                report.get("javaKernelFps").asDouble() / report.get("ffmpegFiltersFps").asDouble(),
                Offset.offset(1e-9));
    }

    @Test
    void benchPassesItsArgumentsToTheSandboxAndPolicyBenchmarks() throws Exception {
        var sandbox = codecLab("bench", "sandbox", "--runs", "1", "--backend", "bwrap", "--json");
        assertThat(sandbox.exitCode()).as(sandbox.stderr()).isZero();
        assertThat(sandbox.json().get("runs").asInt()).isEqualTo(1);
        assertThat(sandbox.json().get("backends").get("bwrap")).hasSize(3);
        var policy = codecLab("bench", "policy", "1");
        assertThat(policy.exitCode()).as(policy.stderr()).isZero();
        assertThat(policy.stdout()).contains("2000 lines").contains("(1 runs)");
    }

    @Test
    void benchSearchRefusesAnEmptyBudgetBeforeRunningAnything() throws Exception {
        var bench = codecLab("bench", "search", "--budget", "0");
        assertThat(bench.exitCode()).as(bench.stderr()).isEqualTo(2);
        assertThat(bench.stderr()).contains("--experiments, --budget, --seeds and --parallelism must be at least 1, --frames at least 2");
        assertThat(bench.stdout()).isEmpty();
    }

    @Test
    void benchIsRoutedToTheBenchModuleAndTheProductionCommandLineHasNoBench() throws Exception {
        var help = codecLab("bench", "--help");
        assertThat(help.exitCode()).as(help.stderr()).isZero();
        assertThat(help.stdout()).startsWith("Usage: codec-lab bench [-hV] [--config=FILE] [COMMAND]")
                .contains("  metrics  ", "  sandbox  ", "  policy   ", "  dashboard  ", "  search  ");

        var root = codecLab("--help");
        assertThat(root.exitCode()).as(root.stderr()).isZero();
        assertThat(root.stdout()).startsWith("Usage: codec-lab [-hV] [--config=FILE] [COMMAND]")
                .contains("  run-once  ").doesNotContain("  bench  ");
    }

    private record Result(int exitCode, String stdout, String stderr) {
        JsonNode json() throws IOException {
            return JSON.readTree(stdout);
        }
    }

    /** Runs {@code scripts/codec-lab ARGS} on the built classes, with no inherited {@code CODEC_LAB_*} settings. */
    private static Result codecLab(String... args) throws IOException, InterruptedException {
        var command = new ArrayList<String>();
        command.add(TestClips.repositoryRoot().resolve("scripts/codec-lab").toString());
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command);
        var env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("CODEC_LAB_"));
        env.put("CODEC_LAB_NO_BUILD", "1");
        env.put("CODEC_LAB_DATA_DIR", dataDir.toString());
        // Set, so that the script does not fetch the default clips; the benchmarks take theirs from the arguments.
        env.put("CODEC_LAB_SEARCH_CLIPS", TestClips.search().toString());
        env.put("CODEC_LAB_ADOPTION_CLIPS", TestClips.adoption().toString());
        Path out = Files.createTempFile(dataDir, "out", ".txt");
        Path err = Files.createTempFile(dataDir, "err", ".txt");
        var process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("codec-lab " + String.join(" ", args) + " did not finish in 10 minutes; stderr:\n"
                    + Files.readString(err, StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
