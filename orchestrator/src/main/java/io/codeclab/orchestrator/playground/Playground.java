package io.codeclab.orchestrator.playground;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codeclab.eval.harness.ClipEvaluation;
import io.codeclab.eval.harness.CodecProgram;
import io.codeclab.eval.harness.QualityPoint;
import io.codeclab.eval.protocol.ProgramEvaluation;
import io.codeclab.eval.protocol.StageListener;
import io.codeclab.orchestrator.dashboard.DashboardAccess;
import io.codeclab.orchestrator.evaluation.EvaluationService;
import io.codeclab.orchestrator.http.Routes;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The playground's API (the seed's script editor): run a script on the sample or an uploaded image in the
 * sandbox after the policy check, or a codec program through the evaluation service on one configured
 * clip. Both need the dashboard token ({@link DashboardAccess#guarded}); results are kept in memory only.
 */
public final class Playground implements Routes {

    /** The JSON body: the script (at most the policy's source size, checked there) and a base64 image. */
    static final int MAX_BODY_BYTES = 4 * 1024 * 1024;
    private static final Pattern RESULT_ID = Pattern.compile("[0-9a-f]{32}");

    private final PlaygroundRunner runner;
    private final Supplier<EvaluationService> evaluation;
    private final List<String> clips;
    private final DashboardAccess access;
    private final ObjectMapper json;
    private final ResultImages results = new ResultImages(32);
    /** Runs use the machine's CPUs: two at a time, one evaluation at a time; more wait their turn. */
    private final Semaphore runs = new Semaphore(2);
    private final Semaphore evaluations = new Semaphore(1);

    public Playground(PlaygroundRunner runner, Supplier<EvaluationService> evaluation, List<String> clips,
                      DashboardAccess access, ObjectMapper json) {
        this.runner = runner;
        this.evaluation = evaluation;
        this.clips = List.copyOf(clips);
        this.access = access;
        this.json = json;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/api/playground/sample.png", ctx -> png(ctx, SampleImage.png()));
        routes.get("/api/playground/clips", ctx -> json(ctx, 200, Map.of("clips", clips)));
        routes.get("/api/playground/results/{id}", ctx -> {
            String id = ctx.pathParam("id");
            var bytes = RESULT_ID.matcher(id).matches() ? results.get(id) : null;
            if (bytes == null) {
                json(ctx, 404, Map.of("error", "no such result (results are kept for the last 32 runs)"));
            } else {
                png(ctx, bytes);
            }
        });
        routes.post("/api/playground/run", access.guarded(this::run));
        routes.post("/api/playground/evaluate", access.guarded(this::evaluate));
        routes.exception(PlaygroundException.class, (e, ctx) -> json(ctx, e.status(), Map.of("error", e.getMessage())));
    }

    private void run(Context ctx) throws Exception {
        var body = body(ctx);
        String code = text(body, "code");
        var image = body.hasNonNull("image")
                ? ImageUpload.check(decode(body.get("image").asText()))
                : ImageUpload.check(SampleImage.png());
        runs.acquire();
        PlaygroundRunner.Outcome outcome;
        try {
            outcome = runner.run(code, image);
        } finally {
            runs.release();
        }
        var m = new LinkedHashMap<String, Object>();
        m.put("verdict", outcome.verdict());
        m.put("run", outcome.run().orElse(null));
        m.put("result", outcome.resultPng().map(png -> "/api/playground/results/" + results.put(png)).orElse(null));
        json(ctx, 200, m);
    }

    private void evaluate(Context ctx) throws Exception {
        var body = body(ctx);
        String code = text(body, "code");
        String clip = text(body, "clip");
        if (!clips.contains(clip)) {
            throw new PlaygroundException(400, "the clip must be one of the configured search clips " + clips
                    + " (CODEC_LAB_SEARCH_CLIPS)");
        }
        evaluations.acquire();
        EvaluationService.EvaluationReport report;
        try {
            report = evaluation.get().evaluate(new CodecProgram(code), clip, StageListener.NONE);
        } finally {
            evaluations.release();
        }
        var m = new LinkedHashMap<String, Object>();
        m.put("clip", report.clip());
        m.put("championVersion", report.championVersion());
        m.put("verdict", report.evaluation().verdict());
        if (report.evaluation() instanceof ProgramEvaluation.Scored s) {
            m.put("scored", true);
            m.put("candidate", clipPoints(s.adoption()));
            m.put("champion", clipPoints(s.champion()));
            var x264 = new LinkedHashMap<String, List<Map<String, Object>>>();
            s.x264PerClip().forEach((name, points) -> x264.put(name, points.stream()
                    .map(p -> Map.<String, Object>of("kbps", p.kbps(), "psnrY", p.psnr())).toList()));
            m.put("x264", x264);
            m.put("bdRateVsChampionPercent", finite(s.bdRateVsChampionPercent()));
            m.put("bdRateVsX264Percent", finite(s.bdRateVsX264Percent()));
            m.put("notes", s.notes());
        } else if (report.evaluation() instanceof ProgramEvaluation.Failed f) {
            m.put("scored", false);
            m.put("failure", f.failure());
        }
        json(ctx, 200, m);
    }

    private static Map<String, List<Map<String, Object>>> clipPoints(List<ClipEvaluation.Scored> set) {
        var m = new LinkedHashMap<String, List<Map<String, Object>>>();
        for (var clip : set) {
            var points = new ArrayList<Map<String, Object>>();
            for (QualityPoint p : clip.points()) {
                var pm = new LinkedHashMap<String, Object>();
                pm.put("quality", p.quality());
                pm.put("kbps", finite(p.kbps()));
                pm.put("psnrY", finite(p.psnrY()));
                pm.put("ssimY", finite(p.ssimY()));
                points.add(pm);
            }
            m.put(clip.clip(), points);
        }
        return m;
    }

    private static Double finite(double d) {
        return Double.isFinite(d) ? d : null;
    }

    /** The JSON body, refused (413) past {@value #MAX_BODY_BYTES} bytes before more is read. */
    private JsonNode body(Context ctx) throws IOException {
        String length = ctx.header("Content-Length");
        if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > MAX_BODY_BYTES) {
            throw new PlaygroundException(413, "the request has " + length + " bytes; at most " + MAX_BODY_BYTES
                    + " are accepted (images up to " + ImageUpload.MAX_BYTES + " bytes)");
        }
        byte[] bytes;
        try (InputStream in = ctx.bodyInputStream()) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new PlaygroundException(413, "the request has more than " + MAX_BODY_BYTES + " bytes");
        }
        try {
            var node = json.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new PlaygroundException(400, "send a JSON object {\"code\": ..., \"image\": base64 or null}");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new PlaygroundException(400, "the body is not JSON: " + e.getOriginalMessage());
        }
    }

    private static String text(JsonNode body, String field) {
        var node = body.get(field);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw new PlaygroundException(400, "the field '" + field + "' is missing or empty");
        }
        return node.asText();
    }

    private static byte[] decode(String base64) {
        // Decoded size is known before decoding: refuse oversized images without allocating them.
        if ((long) base64.length() * 3 / 4 > ImageUpload.MAX_BYTES + 3) {
            throw new PlaygroundException(413, "the image has more than " + ImageUpload.MAX_BYTES
                    + " bytes: scale it down or use the sample");
        }
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new PlaygroundException(400, "the image is not base64: " + e.getMessage());
        }
    }

    private static void png(Context ctx, byte[] bytes) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Cache-Control", "no-store");
        ctx.contentType("image/png").result(bytes);
    }

    private void json(Context ctx, int status, Object value) {
        try {
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("Cache-Control", "no-store");
            ctx.status(status).contentType("application/json").result(json.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the playground's JSON", e);
        }
    }
}
