package io.codeclab.orchestrator.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codeclab.eval.harness.ClipEvaluation;
import io.codeclab.eval.harness.CodecProgram;
import io.codeclab.eval.harness.QualityPoint;
import io.codeclab.eval.harness.SandboxRun;
import io.codeclab.eval.policy.PolicyVerdict;
import io.codeclab.eval.protocol.ProgramEvaluation;
import io.codeclab.eval.protocol.Stage;
import io.codeclab.orchestrator.artifact.ArtifactStore;
import io.codeclab.orchestrator.propose.Proposal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one experiment keeps in the artifact store, under {@code experiments/<id>/}: the code, prompt,
 * response and feedback as proposed, the policy verdict, one log per stage and the report; plus the code of
 * the version it is adopted as. Each method writes and returns the key(s) the record should name.
 */
final class ExperimentArtifacts {

    private final ArtifactStore store;
    private final ObjectMapper json;
    private final String id;

    ExperimentArtifacts(ArtifactStore store, ObjectMapper json, String id) {
        this.store = store;
        this.json = json;
        this.id = id;
    }

    /** Code, prompt, response and feedback (the empty ones left out): artifact name to key. */
    Map<String, String> proposal(Proposal proposal, String feedback) {
        var keys = new LinkedHashMap<String, String>();
        keys.put("code", text("code.py", proposal.program().source(), "text/x-python"));
        if (!proposal.prompt().isEmpty()) {
            keys.put("prompt", text("prompt.txt", proposal.prompt(), "text/plain"));
        }
        if (!proposal.response().isEmpty()) {
            keys.put("response", text("response.txt", proposal.response(), "text/plain"));
        }
        if (!feedback.isEmpty()) {
            keys.put("feedback", text("feedback.txt", feedback, "text/plain"));
        }
        return keys;
    }

    /** Prompt, raw response and feedback of a proposal that failed (the empty ones left out): name to key. */
    Map<String, String> exchange(String prompt, String response, String feedback) {
        var keys = new LinkedHashMap<String, String>();
        if (!prompt.isEmpty()) {
            keys.put("prompt", text("prompt.txt", prompt, "text/plain"));
        }
        if (!response.isEmpty()) {
            keys.put("response", text("response.txt", response, "text/plain"));
        }
        if (!feedback.isEmpty()) {
            keys.put("feedback", text("feedback.txt", feedback, "text/plain"));
        }
        return keys;
    }

    String validation(PolicyVerdict verdict) {
        return json("validation.json", verdict);
    }

    /** The stage's sandbox runs, under the artifact name {@link #stageLogName}. */
    String stageLog(Stage stage, List<SandboxRun> runs) {
        return json(stageLogName(stage) + ".json", runs.stream().map(ExperimentArtifacts::log).toList());
    }

    static String stageLogName(Stage stage) {
        return "logs/" + stage.label();
    }

    String report(ProgramEvaluation.Scored scored) {
        var m = new LinkedHashMap<String, Object>();
        m.put("bdRateVsChampionPercent", scored.bdRateVsChampionPercent());
        m.put("bdRateVsX264PerClip", scored.bdRateVsX264PerClip());
        m.put("notes", scored.notes());
        m.put("search", clipPoints(scored.search()));
        m.put("adoption", clipPoints(scored.adoption()));
        m.put("champion", clipPoints(scored.champion()));
        m.put("x264", x264Points(scored));
        return json("report.json", m);
    }

    /** The code as the given version; keyed by experiment too, so a racer that loses overwrites nothing. */
    String versionCode(int version, CodecProgram program) {
        return store.put(ArtifactStore.versionCodeKey(version, id), program.source().getBytes(StandardCharsets.UTF_8),
                "text/x-python");
    }

    private static Map<String, Object> log(SandboxRun run) {
        var m = new LinkedHashMap<String, Object>();
        m.put("stage", run.stage());
        m.put("side", run.side());
        m.put("quality", run.quality());
        m.put("clip", run.clip());
        m.putAll(SandboxReports.of(run.result()));
        return m;
    }

    /** The x264 anchor's points per adoption clip (rate and PSNR-Y), what the dashboard plots next to the candidate. */
    static Map<String, List<Map<String, Double>>> x264Points(ProgramEvaluation.Scored scored) {
        var m = new LinkedHashMap<String, List<Map<String, Double>>>();
        scored.x264PerClip().forEach((clip, points) -> m.put(clip, points.stream()
                .map(p -> Map.of("kbps", p.kbps(), "psnrY", p.psnr())).toList()));
        return m;
    }

    private static Map<String, List<QualityPoint>> clipPoints(List<ClipEvaluation.Scored> set) {
        var m = new LinkedHashMap<String, List<QualityPoint>>();
        set.forEach(c -> m.put(c.clip(), c.points()));
        return m;
    }

    private String text(String name, String text, String contentType) {
        return store.put(ArtifactStore.experimentKey(id, name), text.getBytes(StandardCharsets.UTF_8), contentType);
    }

    private String json(String name, Object value) {
        try {
            return store.put(ArtifactStore.experimentKey(id, name), json.writeValueAsBytes(value), "application/json");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + name + " of experiment " + id, e);
        }
    }
}
