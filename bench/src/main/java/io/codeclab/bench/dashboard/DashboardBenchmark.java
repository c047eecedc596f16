package io.codeclab.bench.dashboard;

import io.codeclab.eval.harness.QualityPoint;
import io.codeclab.orchestrator.app.CodecLab;
import io.codeclab.orchestrator.app.Json;
import io.codeclab.orchestrator.artifact.ArtifactStore;
import io.codeclab.orchestrator.config.CodecLabConfig;
import io.codeclab.orchestrator.experiment.ExperimentRecord;
import io.codeclab.orchestrator.experiment.ExperimentStatus;
import io.codeclab.orchestrator.experiment.ExperimentUpdate;
import io.codeclab.orchestrator.experiment.Failure;
import io.codeclab.orchestrator.experiment.LlmUsage;
import io.codeclab.orchestrator.experiment.StageResult;
import io.codeclab.orchestrator.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How fast the dashboard answers with many experiments in the store: {@code serve}'s wiring (CodecLab on a
 * fresh data directory, embedded DynamoDB Local and S3), N experiments written through the store as the runner
 * writes them (every tenth with a report, code and logs), then each page and the JSON it renders, requested
 * one after another over HTTP: {@code --warmup} requests, then {@code --runs} measured. Prints median, p95 and
 * max in milliseconds per URL and whether every p95 is under 200 ms.
 *
 * <p>Usage: {@code scripts/codec-lab bench dashboard [--experiments N] [--runs R] [--warmup W]}.
 */
public final class DashboardBenchmark {

    static final double LIMIT_MILLIS = 200;

    private DashboardBenchmark() {
    }

    public record Options(int experiments, int runs, int warmup) {
    }

    public record Figure(String url, double medianMillis, double p95Millis, double maxMillis) {
    }

    public static List<Figure> run(Options options) throws Exception {
        var dataDir = Files.createTempDirectory("codec-lab-dashboard-bench-");
        var config = CodecLabConfig.load(Optional.empty(), Map.of(), Map.of(CodecLabConfig.DATA_DIR, dataDir.toString(),
                CodecLabConfig.DASHBOARD_TOKEN, "bench-token-0123456789abcdef"));
        try (var lab = CodecLab.open(config)) {
            long t0 = System.nanoTime();
            var ids = seed(lab, options.experiments());
            System.err.printf("seeded %d experiments in %.1f s%n", ids.size(), (System.nanoTime() - t0) / 1e9);
            try (var server = HttpServer.start("127.0.0.1", 0, lab.dashboard())) {
                var base = server.uri();
                var newest = ids.get(ids.size() - 1);
                var middle = ids.get(ids.size() / 2);
                var withReport = ids.get(ids.size() - 1 - ((ids.size() - 1) % 10));
                var urls = List.of("/", "/api/experiments", "/api/experiments?status=SCORED",
                        "/api/experiments?before=" + middle, "/experiments/" + withReport,
                        "/api/experiments/" + withReport, "/api/experiments/" + newest + "/phase", "/versions",
                        "/api/versions", "/learning", "/playground", "/assets/common.js", "/assets/uPlot.iife.min.js");
                var http = HttpClient.newHttpClient();
                var figures = new ArrayList<Figure>();
                for (var url : urls) {
                    figures.add(measure(http, base.resolve(url), url, options));
                }
                return figures;
            }
        }
    }

    private static Figure measure(HttpClient http, URI uri, String url, Options options) throws Exception {
        var request = HttpRequest.newBuilder(uri).build();
        for (int i = 0; i < options.warmup(); i++) {
            check(http.send(request, HttpResponse.BodyHandlers.ofByteArray()), url);
        }
        var millis = new double[options.runs()];
        for (int i = 0; i < options.runs(); i++) {
            long t = System.nanoTime();
            check(http.send(request, HttpResponse.BodyHandlers.ofByteArray()), url);
            millis[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(millis);
        return new Figure(url, millis[millis.length / 2], millis[(int) Math.ceil(millis.length * 0.95) - 1],
                millis[millis.length - 1]);
    }

    private static void check(HttpResponse<byte[]> response, String url) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
    }

    /** N experiments, oldest first: scored, rejected, adopted-looking and failed ones, as the runner leaves them. */
    private static List<String> seed(CodecLab lab, int n) throws Exception {
        var store = lab.experiments();
        var artifacts = lab.artifacts();
        lab.champion();
        var json = Json.mapper();
        var ids = new ArrayList<String>();
        var start = Instant.parse("2026-11-01T00:00:00Z");
        for (int i = 0; i < n; i++) {
            var at = start.plusSeconds(60L * i);
            var id = at.toString().replace("-", "").replace(":", "").replace("Z", "Z-") + String.format("%06d", i);
            store.create(ExperimentRecord.proposed(id, 0, i % 3 == 0 ? "openai:gpt-bench" : "offline", "sha-" + id, "",
                    "bench experiment " + i, new LlmUsage(1000, 600, 0.01, 800), at), "bench:1", Instant.now().plusSeconds(3600));
            var points = List.of(point(1, 150 + i % 7), point(3, 300 + i % 7), point(5, 600 + i % 7), point(7, 1200 + i % 7));
            var update = i % 5 == 4
                    ? ExperimentUpdate.to(ExperimentStatus.FAILED, ExperimentStatus.PROPOSED)
                            .failure(new Failure("smoke", "CRASH", "ZeroDivisionError: division by zero", "Traceback ..."))
                    : ExperimentUpdate.to(i % 2 == 0 ? ExperimentStatus.SCORED : ExperimentStatus.REJECTED, ExperimentStatus.PROPOSED)
                            .points(points).bdRateVsChampionPercent(-1.0 - i % 4).bdRateVsX264Percent(20.0 - i % 9);
            update.addStage(new StageResult("policy", "OK", 0.2, 0.1, 30_000_000L, "bwrap"))
                    .addStage(new StageResult("smoke", "OK", 0.5, 0.4, 80_000_000L, "bwrap"));
            if (i % 10 == 0) {
                var keys = new LinkedHashMap<String, String>();
                keys.put("code", put(artifacts, id, "code.py", "import numpy as np\n\n\ndef encode(frames, quality):\n"
                        + "    return frames.tobytes()\n".repeat(40)));
                keys.put("prompt", put(artifacts, id, "prompt.txt", "prompt ".repeat(2000)));
                keys.put("response", put(artifacts, id, "response.txt", "response ".repeat(500)));
                keys.put("logs/smoke", put(artifacts, id, "logs/smoke.json", json.writeValueAsString(List.of(Map.of(
                        "stage", "smoke", "side", "encode", "status", "OK", "exitCode", 0, "stdoutTail", "x".repeat(4000))))));
                keys.put("report", put(artifacts, id, "report.json", json.writeValueAsString(Map.of(
                        "adoption", Map.of("clip", points), "champion", Map.of("clip", points)))));
                update.putArtifacts(keys);
            }
            store.update(id, update.build());
            ids.add(id);
        }
        return ids;
    }

    private static QualityPoint point(int quality, double kbps) {
        return new QualityPoint(quality, (long) (kbps * 100), kbps, kbps / 1000, 30 + quality, 29 + quality, 0.9, 30, 60);
    }

    private static String put(ArtifactStore artifacts, String id, String name, String text) {
        return artifacts.put(ArtifactStore.experimentKey(id, name), text.getBytes(StandardCharsets.UTF_8), "text/plain");
    }

    /** The figures as a table, and whether every p95 is under the limit. */
    public static String toText(List<Figure> figures, int experiments) {
        var out = new StringBuilder(String.format("dashboard with %d experiments (ms; load average %s)%n", experiments,
                loadAverage()));
        out.append(String.format("%-60s %8s %8s %8s%n", "url", "median", "p95", "max"));
        boolean ok = true;
        for (var f : figures) {
            out.append(String.format("%-60s %8.1f %8.1f %8.1f%n", f.url(), f.medianMillis(), f.p95Millis(), f.maxMillis()));
            ok &= f.p95Millis() < LIMIT_MILLIS;
        }
        out.append(ok ? "every p95 under " + (int) LIMIT_MILLIS + " ms\n" : "SLOW: some p95 at or above " + (int) LIMIT_MILLIS + " ms\n");
        return out.toString();
    }

    static String loadAverage() {
        try {
            return Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
