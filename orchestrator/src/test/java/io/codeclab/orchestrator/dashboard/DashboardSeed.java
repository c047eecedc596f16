package io.codeclab.orchestrator.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.codeclab.eval.harness.QualityPoint;
import io.codeclab.orchestrator.artifact.ArtifactStore;
import io.codeclab.orchestrator.experiment.Adoption;
import io.codeclab.orchestrator.experiment.ExperimentRecord;
import io.codeclab.orchestrator.experiment.ExperimentStatus;
import io.codeclab.orchestrator.experiment.ExperimentStore;
import io.codeclab.orchestrator.experiment.ExperimentUpdate;
import io.codeclab.orchestrator.experiment.Failure;
import io.codeclab.orchestrator.experiment.LlmUsage;
import io.codeclab.orchestrator.experiment.StageResult;
import io.codeclab.orchestrator.experiment.ValidationViolation;
import io.codeclab.orchestrator.run.Champions;
import io.codeclab.orchestrator.testing.ExperimentRecords;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The experiments the dashboard tests look at, written through the real store and artifact store as the
 * runner writes them: two adopted versions, one scored experiment with a full report (4 candidate, 4
 * champion and 3 x264 points on one clip), one failed experiment whose code, summary, failure and response
 * hold a script-injection attempt, and one still running. Ids in creation order.
 */
final class DashboardSeed {

    static final String OWNER = "dashboard-it:1";
    static final String INJECTION = "</script><script>alert(1)</script>";
    static final String CLIP = "clip-a-320x180";
    static final String V1_CODE = "import numpy as np\n\n\ndef encode(frames, quality):\n    return b'v1'\n";
    static final String V2_CODE = "import numpy as np\n\n\ndef encode(frames, quality):\n    return b'v2'\n";

    final String adopted1;
    final String adopted2;
    final String scored;
    final String injected;
    final String running;

    DashboardSeed(ExperimentStore store, ArtifactStore artifacts, ObjectMapper json) throws Exception {
        var clock = Clock.systemUTC();
        Champions.current(store, artifacts, clock);
        adopted1 = adopt(store, artifacts, 0, V1_CODE, -12.5);
        adopted2 = adopt(store, artifacts, 1, V2_CODE, -15.0);

        scored = create(store, "openai:gpt-test", "finer quantiser steps");
        var code = "import numpy as np\n\n\ndef encode(frames, quality):\n    step = 2 ** (8 - quality)\n"
                + "    return (frames // step).tobytes()\n";
        var keys = new LinkedHashMap<String, String>();
        keys.put("code", put(artifacts, scored, "code.py", code));
        keys.put("prompt", put(artifacts, scored, "prompt.txt", "Improve the codec. Current champion: v2."));
        keys.put("response", put(artifacts, scored, "response.txt", "Here is a finer quantiser."));
        keys.put("validation", put(artifacts, scored, "validation.json",
                "{\"accepted\":true,\"policyVersion\":\"2026-12-01.1\",\"violations\":[]}"));
        keys.put("logs/smoke", put(artifacts, scored, "logs/smoke.json", json.writeValueAsString(List.of(Map.of(
                "stage", "smoke", "side", "encode", "quality", 3, "clip", CLIP, "status", "OK", "exitCode", 0,
                "wallSeconds", 0.42, "cpuSeconds", 0.3, "stdoutTail", "encoded 3 frames\n", "stderrTail", "")))));
        var candidate = List.of(point(1, 150, 30.1, 0.81), point(3, 300, 33.4, 0.88), point(5, 600, 36.9, 0.93),
                point(7, 1200, 40.2, 0.97));
        var champion = List.of(point(1, 160, 29.5, 0.80), point(3, 320, 32.8, 0.87), point(5, 640, 36.1, 0.92),
                point(7, 1280, 39.6, 0.96));
        var report = new LinkedHashMap<String, Object>();
        report.put("bdRateVsChampionPercent", -6.2);
        report.put("search", Map.of(CLIP, candidate));
        report.put("adoption", Map.of(CLIP, candidate));
        report.put("champion", Map.of(CLIP, champion));
        report.put("x264", Map.of(CLIP, List.of(Map.of("crf", 35, "kbps", 140.0, "psnrY", 31.0, "ssimY", 0.85),
                Map.of("crf", 28, "kbps", 420.0, "psnrY", 35.8, "ssimY", 0.92),
                Map.of("crf", 21, "kbps", 1100.0, "psnrY", 40.9, "ssimY", 0.97))));
        keys.put("report", put(artifacts, scored, "report.json", json.writeValueAsString(report)));
        store.update(scored, ExperimentUpdate.to(ExperimentStatus.VALIDATING, ExperimentStatus.PROPOSED)
                .addStage(new StageResult("policy", "OK", 0.2, 0.1, 30_000_000L, "bwrap")).build());
        store.update(scored, ExperimentUpdate.to(ExperimentStatus.EVALUATING, ExperimentStatus.VALIDATING)
                .addStage(new StageResult("smoke", "OK", 0.42, 0.3, 80_000_000L, "bwrap")).build());
        store.update(scored, ExperimentUpdate.to(ExperimentStatus.SCORED, ExperimentStatus.EVALUATING)
                .points(candidate).bdRateVsChampionPercent(-6.2).bdRateVsX264Percent(-9.75)
                .putArtifacts(keys).build());

        injected = create(store, "openai:" + INJECTION, "summary " + INJECTION);
        var bad = "import numpy as np\nimport os  # " + INJECTION + "\n\n\ndef encode(frames, quality):\n"
                + "    return '" + INJECTION + "'\n";
        store.update(injected, ExperimentUpdate.to(ExperimentStatus.FAILED, ExperimentStatus.PROPOSED)
                .violations(List.of(new ValidationViolation(2, 1, "import-not-allowed", "os " + INJECTION)))
                .failure(new Failure("policy", "import-not-allowed", "rejected: " + INJECTION, ""))
                .putArtifacts(Map.of("code", put(artifacts, injected, "code.py", bad),
                        "response", put(artifacts, injected, "response.txt", "```python\n" + INJECTION + "\n```")))
                .build());

        running = create(store, "offline", "still running");
        store.update(running, ExperimentUpdate.to(ExperimentStatus.VALIDATING, ExperimentStatus.PROPOSED)
                .addStage(new StageResult("policy", "OK", 0.2, 0.1, 30_000_000L, "bwrap")).build());
    }

    List<String> newestFirst() {
        return List.of(running, injected, scored, adopted2, adopted1);
    }

    private static String create(ExperimentStore store, String source, String summary) {
        return create(store, 2, source, summary);
    }

    private static String create(ExperimentStore store, int championVersion, String source, String summary) {
        var id = ExperimentRecords.nextId();
        store.create(ExperimentRecord.proposed(id, championVersion, source, "sha-" + id, "", summary,
                new LlmUsage(1200, 800, 0.0123, 900), Instant.now()), OWNER, Instant.now().plusSeconds(3600));
        return id;
    }

    private static String adopt(ExperimentStore store, ArtifactStore artifacts, int from, String code, double x264) {
        var id = create(store, from, "offline", "adopted as v" + (from + 1));
        var codeKey = put(artifacts, id, "code.py", code);
        store.update(id, ExperimentUpdate.to(ExperimentStatus.VALIDATING, ExperimentStatus.PROPOSED).build());
        store.update(id, ExperimentUpdate.to(ExperimentStatus.EVALUATING, ExperimentStatus.VALIDATING).build());
        store.update(id, ExperimentUpdate.to(ExperimentStatus.SCORED, ExperimentStatus.EVALUATING)
                .points(List.of(point(7, 1000, 40, 0.95))).bdRateVsChampionPercent(-3.0).bdRateVsX264Percent(x264)
                .putArtifact("code", codeKey).build());
        var versionKey = artifacts.put(ArtifactStore.versionCodeKey(from + 1, id), code.getBytes(StandardCharsets.UTF_8),
                "text/x-python");
        store.adopt(new Adoption(id, OWNER, from, versionKey, "sha-" + id, -3.0));
        return id;
    }

    private static String put(ArtifactStore artifacts, String id, String name, String text) {
        return artifacts.put(ArtifactStore.experimentKey(id, name), text.getBytes(StandardCharsets.UTF_8), "text/plain");
    }

    static QualityPoint point(int quality, double kbps, double psnrY, double ssimY) {
        return new QualityPoint(quality, (long) (kbps * 100), kbps, kbps / 1000, psnrY, psnrY - 1, ssimY, 30, 60);
    }
}
