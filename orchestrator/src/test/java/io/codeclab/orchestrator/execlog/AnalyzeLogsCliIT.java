package io.codeclab.orchestrator.execlog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codeclab.orchestrator.app.Json;
import io.codeclab.orchestrator.cli.CodecLabCommand;
import io.codeclab.orchestrator.config.CodecLabConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code analyze-logs} through the real command line and embedded store: the scenarios imported into one data
 * directory, exported, and imported into an empty one give the same analysis (and the same export).
 */
class AnalyzeLogsCliIT {

    @TempDir
    Path dir;

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private Result codecLab(Path dataDir, String... args) throws Exception {
        Path config = dir.resolve(dataDir.getFileName() + ".properties");
        Files.writeString(config, CodecLabConfig.DATA_DIR + "=" + dataDir + "\n");
        var all = new java.util.ArrayList<String>();
        all.add("--config");
        all.add(config.toString());
        all.addAll(java.util.List.of(args));
        var captured = new ByteArrayOutputStream();
        var stdout = System.out;
        var stderr = System.err;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        var errCaptured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(errCaptured, true, StandardCharsets.UTF_8));
        try {
            // built after the redirection: picocli's subcommands write their usage errors to System.err as it is now
            var cl = CodecLabCommand.commandLine();
            int code = cl.execute(all.toArray(String[]::new));
            return new Result(code, captured.toString(StandardCharsets.UTF_8),
                    errCaptured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }

    @Test
    void exportThenImportIntoAnEmptyDataDirectoryGivesTheSameAnalysis() throws Exception {
        Path seed = dir.resolve("seed.jsonl");
        LogAnalysis expected;
        try (var log = new ScriptedLog().allScenarios()) {
            var records = log.written();
            expected = Analyzer.analyze(records, "");
            var text = new StringBuilder();
            for (var r : records) {
                text.append(Json.mapper().writeValueAsString(r)).append('\n');
            }
            Files.writeString(seed, text);
        }
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");
        var imported = codecLab(first, "analyze-logs", "import", seed.toString());
        assertThat(imported.exitCode()).as(imported.stderr()).isZero();
        assertThat(imported.stderr()).contains("imported 36 log record(s)");

        var before = codecLab(first, "analyze-logs", "summary", "--json");
        assertThat(before.exitCode()).as(before.stderr()).isZero();
        JsonNode analysis = Json.mapper().readTree(before.stdout());
        assertThat(analysis).isEqualTo(Json.mapper().valueToTree(expected));
        assertThat(analysis.path("sessions").path("unfixed").asInt()).isEqualTo(1);

        Path exported = dir.resolve("export.jsonl");
        var export = codecLab(first, "analyze-logs", "export", "--output", exported.toString());
        assertThat(export.exitCode()).as(export.stderr()).isZero();
        assertThat(Files.readAllLines(exported)).hasSize(36);

        assertThat(codecLab(second, "analyze-logs", "import", exported.toString()).exitCode()).isZero();
        var after = codecLab(second, "analyze-logs", "summary", "--json");
        assertThat(Json.mapper().readTree(after.stdout())).isEqualTo(analysis);
        var unfixed = codecLab(second, "analyze-logs", "unfixed", "--since", "2026-12-02");
        assertThat(unfixed.stdout().lines().toList()).singleElement().asString().contains("SEARCH", "TIMEOUT",
                "the program ran longer than the limit of 10 s");
        Path garbage = dir.resolve("garbage.jsonl");
        Files.writeString(garbage, "{\"experimentId\": \"x\"}\n");
        var refused = codecLab(second, "analyze-logs", "import", garbage.toString());
        assertThat(refused.exitCode()).isEqualTo(3);
        assertThat(refused.stderr()).contains("line 1 of the import is not a log record");

        var bad = codecLab(second, "analyze-logs", "errors", "--since", "yesterday");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stderr()).contains("since must be a day as yyyy-mm-dd");
    }
}
