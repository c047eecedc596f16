package io.codeclab.orchestrator.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codeclab.eval.harness.QualityPoint;
import io.codeclab.orchestrator.artifact.ArtifactStore;
import io.codeclab.orchestrator.experiment.ExperimentRecord;
import io.codeclab.orchestrator.experiment.ExperimentStore;
import io.codeclab.orchestrator.experiment.VersionRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Experiment records and their artifacts as the dashboard's JSON: a table row, a full page (code, the parent
 * champion's code, verdict, logs, report, prompt, response) and the version history. Plain maps of values;
 * the pages put every string in the DOM as text, so nothing here is escaped for HTML.
 */
final class ExperimentViews {

    private final ExperimentStore store;
    private final ArtifactStore artifacts;
    private final ObjectMapper json;
    private final Clock clock;

    ExperimentViews(ExperimentStore store, ArtifactStore artifacts, ObjectMapper json, Clock clock) {
        this.store = store;
        this.artifacts = artifacts;
        this.json = json;
        this.clock = clock;
    }

    Map<String, Object> row(ExperimentRecord r) {
        var m = new LinkedHashMap<String, Object>();
        m.put("id", r.id());
        m.put("createdAt", r.createdAt().toString());
        m.put("status", r.status().name());
        m.put("running", r.status().isRunning());
        m.put("leaseExpired", r.leaseExpired(clock.instant()));
        m.put("phase", r.stages().isEmpty() ? "" : r.stages().get(r.stages().size() - 1).stage());
        m.put("championVersion", r.championVersion());
        m.put("adoptedVersion", r.adoptedVersion());
        m.put("parentExperimentId", r.parentExperimentId());
        m.put("source", r.source());
        m.put("summary", r.summary());
        m.put("top", top(r.points()).map(ExperimentViews::point).orElse(null));
        m.put("bdRateVsChampionPercent", finite(r.bdRateVsChampionPercent()));
        m.put("bdRateVsX264Percent", finite(r.bdRateVsX264Percent()));
        m.put("durationSeconds", Duration.between(r.createdAt(), r.updatedAt()).toMillis() / 1000.0);
        m.put("costUsd", r.llmUsage().costUsd());
        m.put("failureKind", r.failure() == null ? "" : r.failure().kind());
        m.put("failureStage", r.failure() == null ? "" : r.failure().stage());
        return m;
    }

    /** The page of one experiment: the row, everything the record holds, and the artifacts that exist. */
    Map<String, Object> page(ExperimentRecord r) {
        var m = row(r);
        m.put("codeSha256", r.codeSha256());
        m.put("violations", r.violations());
        m.put("stages", r.stages());
        m.put("points", r.points().stream().map(ExperimentViews::point).toList());
        m.put("failure", r.failure());
        m.put("llmUsage", r.llmUsage());
        m.put("updatedAt", r.updatedAt().toString());
        var a = r.artifacts();
        m.put("code", text(a.get("code")));
        m.put("parentCode", championCode(r.championVersion()));
        m.put("prompt", text(a.get("prompt")));
        m.put("response", text(a.get("response")));
        m.put("feedback", text(a.get("feedback")));
        m.put("validation", jsonArtifact(a.get("validation")));
        m.put("report", jsonArtifact(a.get("report")));
        var logs = new LinkedHashMap<String, Object>();
        a.keySet().stream().filter(k -> k.startsWith("logs/")).sorted()
                .forEach(k -> logs.put(k.substring("logs/".length()), jsonArtifact(a.get(k))));
        m.put("logs", logs);
        return m;
    }

    /** The light view polled for live updates: where a running experiment stands now. */
    Map<String, Object> phase(ExperimentRecord r) {
        var m = new LinkedHashMap<String, Object>();
        m.put("id", r.id());
        m.put("status", r.status().name());
        m.put("running", r.status().isRunning());
        m.put("phase", r.stages().isEmpty() ? "" : r.stages().get(r.stages().size() - 1).stage());
        m.put("stages", r.stages());
        m.put("updatedAt", r.updatedAt().toString());
        return m;
    }

    /** Each version with the BD-rate against x264 of the experiment that produced it (version 0: none). */
    List<Map<String, Object>> versions() {
        var out = new ArrayList<Map<String, Object>>();
        for (VersionRecord v : store.versions()) {
            var m = new LinkedHashMap<String, Object>();
            m.put("version", v.version());
            m.put("experimentId", v.experimentId());
            m.put("adoptedAt", v.adoptedAt().toString());
            m.put("bdRateVsPreviousPercent", finite(v.bdRateVsPreviousPercent()));
            Double x264 = v.experimentId().isEmpty() ? null
                    : store.find(v.experimentId()).map(ExperimentRecord::bdRateVsX264Percent).orElse(null);
            m.put("bdRateVsX264Percent", finite(x264));
            out.add(m);
        }
        return out;
    }

    Optional<String> versionCode(int version) {
        return store.versions().stream().filter(v -> v.version() == version).findFirst()
                .flatMap(v -> artifacts.get(v.codeKey())).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    private String championCode(int version) {
        return versionCode(version).orElse("");
    }

    private String text(String key) {
        if (key == null) {
            return "";
        }
        return artifacts.get(key).map(b -> new String(b, StandardCharsets.UTF_8)).orElse("");
    }

    private JsonNode jsonArtifact(String key) {
        if (key == null) {
            return null;
        }
        var bytes = artifacts.get(key);
        if (bytes.isEmpty()) {
            return null;
        }
        try {
            return json.readTree(bytes.get());
        } catch (IOException e) {
            // Shown as text rather than failing the whole page: the artifact is what it is.
            return json.getNodeFactory().textNode(new String(bytes.get(), StandardCharsets.UTF_8));
        }
    }

    static Optional<QualityPoint> top(List<QualityPoint> points) {
        return points.stream().max(Comparator.comparingInt(QualityPoint::quality));
    }

    static Map<String, Object> point(QualityPoint p) {
        var m = new LinkedHashMap<String, Object>();
        m.put("quality", p.quality());
        m.put("kbps", finite(p.kbps()));
        m.put("psnrY", finite(p.psnrY()));
        m.put("ssimY", finite(p.ssimY()));
        m.put("bytes", p.bytes());
        return m;
    }

    /** JSON has no NaN or infinity: those become null (shown as a dash). */
    private static Double finite(Double d) {
        return d == null || d.isNaN() || d.isInfinite() ? null : d;
    }
}
