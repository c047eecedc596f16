package io.codeclab.orchestrator.execlog;

import io.codeclab.orchestrator.http.Routes;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /api/logs/summary|analysis|failures|successes|recommendations} as JSON. Lists are paged with
 * {@code ?limit=} (1..500, default 50) and {@code ?cursor=} (the previous page's {@code next}); the analysis and
 * recommendations take {@code ?since=yyyy-mm-dd}. A bad parameter is a 400 saying which.
 */
public final class ExecutionLogRoutes implements Routes {

    private final Supplier<ExecutionLog> log;

    public ExecutionLogRoutes(Supplier<ExecutionLog> log) {
        this.log = log;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/api/logs/summary", ctx -> json(ctx, summary(log.get().analysis(since(ctx)))));
        routes.get("/api/logs/analysis", ctx -> json(ctx, log.get().analysis(since(ctx))));
        routes.get("/api/logs/failures", ctx -> page(ctx, log.get().failures(limit(ctx), cursor(ctx))));
        routes.get("/api/logs/successes", ctx -> page(ctx, log.get().successes(limit(ctx), cursor(ctx))));
        routes.get("/api/logs/recommendations", ctx -> {
            var all = log.get().analysisWithoutSummary(since(ctx)).recommendations();
            int from;
            try {
                from = cursor(ctx).isEmpty() ? 0 : Integer.parseInt(cursor(ctx));
            } catch (NumberFormatException e) {
                throw bad("cursor must be the 'next' of the previous page");
            }
            int to = Math.min(all.size(), Math.max(0, from) + limit(ctx));
            var body = new LinkedHashMap<String, Object>();
            body.put("items", from >= all.size() ? List.of() : all.subList(Math.max(0, from), to));
            body.put("next", to < all.size() ? Integer.toString(to) : null);
            json(ctx, body);
        });
    }

    /** The headline figures: what a status line or the dashboard's header shows. */
    static Map<String, Object> summary(LogAnalysis a) {
        var m = new LinkedHashMap<String, Object>();
        m.put("records", a.records());
        m.put("since", a.since());
        int attempts = a.successRate().perDay().stream().mapToInt(LogAnalysis.Day::attempts).sum();
        int passed = a.successRate().perDay().stream().mapToInt(LogAnalysis.Day::passed).sum();
        m.put("attempts", attempts);
        m.put("passed", passed);
        m.put("rate", attempts == 0 ? 0.0 : Math.round(10000.0 * passed / attempts) / 10000.0);
        m.put("sessions", a.sessions());
        m.put("topPatterns", a.patterns().stream().limit(5).toList());
        m.put("unfixed", a.unfixed().size());
        if (a.llmSummary() != null) {
            m.put("llmSummary", a.llmSummary());
        }
        return m;
    }

    private static void page(Context ctx, RunLogStore.Page page) {
        var body = new LinkedHashMap<String, Object>();
        body.put("items", page.items());
        body.put("next", page.next().orElse(null));
        json(ctx, body);
    }

    private static void json(Context ctx, Object body) {
        ctx.contentType("application/json").result(Json.write(body));
    }

    private static String since(Context ctx) {
        String s = ctx.queryParam("since");
        if (s == null || s.isBlank()) {
            return "";
        }
        try {
            ExecutionLog.start(s);
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
        return s;
    }

    private static int limit(Context ctx) {
        String s = ctx.queryParam("limit");
        if (s == null || s.isBlank()) {
            return 50;
        }
        try {
            int n = Integer.parseInt(s);
            if (n >= 1 && n <= 500) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the refusal
        }
        throw bad("limit must be a number within 1..500, was '" + s + "'");
    }

    private static String cursor(Context ctx) {
        String s = ctx.queryParam("cursor");
        return s == null ? "" : s;
    }

    private static io.javalin.http.BadRequestResponse bad(String message) {
        return new io.javalin.http.BadRequestResponse(message);
    }

    /** JSON with the one mapper: record fields that are null are left out, a map's null values are written. */
    private static final class Json {
        private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = io.codeclab.orchestrator.app.Json
                .mapper().setDefaultPropertyInclusion(com.fasterxml.jackson.annotation.JsonInclude.Value.construct(
                        com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL,
                        com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS));

        static String write(Object body) {
            try {
                return MAPPER.writeValueAsString(body);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("cannot write JSON", e);
            }
        }
    }
}
