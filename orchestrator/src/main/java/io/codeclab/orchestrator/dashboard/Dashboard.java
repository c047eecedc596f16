package io.codeclab.orchestrator.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codeclab.orchestrator.artifact.ArtifactStore;
import io.codeclab.orchestrator.experiment.ExperimentRecord;
import io.codeclab.orchestrator.experiment.ExperimentStatus;
import io.codeclab.orchestrator.experiment.ExperimentStore;
import io.codeclab.orchestrator.http.Routes;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The dashboard (SPEC §10): pages for experiments, one experiment, versions and the log analysis, and the
 * read-only JSON they render. The pages are static HTML whose scripts fetch that JSON and put every string
 * in the DOM as text, under a Content-Security-Policy without inline scripts. Reading is open (the server
 * binds 127.0.0.1 unless configured); whatever runs code or changes state goes through {@link DashboardAccess}.
 */
public final class Dashboard implements Routes {

    /** Rows per page of the experiments table unless asked otherwise; at most {@value #MAX_PAGE}. */
    static final int PAGE = 50;
    static final int MAX_PAGE = 200;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final Supplier<ExperimentStore> store;
    private final Supplier<ArtifactStore> artifacts;
    private final ObjectMapper json;
    private final Clock clock;
    private final DashboardAccess access;
    private final StaticAssets assets = new StaticAssets();
    private volatile ExperimentViews views;

    /** Stores are asked for on first use, so that the server answers while they are still starting. */
    public Dashboard(Supplier<ExperimentStore> store, Supplier<ArtifactStore> artifacts, ObjectMapper json,
                     Clock clock, DashboardAccess access) {
        this.store = store;
        this.artifacts = artifacts;
        this.json = json;
        this.clock = clock;
        this.access = access;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/", ctx -> assets.page(ctx, "experiments"));
        routes.get("/experiments/{id}", ctx -> assets.page(ctx, "experiment"));
        routes.get("/versions", ctx -> assets.page(ctx, "versions"));
        routes.get("/learning", ctx -> assets.page(ctx, "learning"));
        routes.get("/playground", ctx -> assets.page(ctx, "playground"));
        routes.get("/assets/{name}", ctx -> assets.asset(ctx, ctx.pathParam("name")));
        routes.get("/favicon.ico", ctx -> ctx.status(204));
        routes.get("/login", ctx -> LoginPage.show(ctx, access, false));
        routes.post("/login", ctx -> {
            if (access.login(ctx)) {
                ctx.redirect("/playground", io.javalin.http.HttpStatus.SEE_OTHER);
            } else {
                ctx.status(401);
                LoginPage.show(ctx, access, true);
            }
        });
        routes.post("/logout", access.guarded(ctx -> {
            access.logout(ctx);
            ctx.redirect("/", io.javalin.http.HttpStatus.SEE_OTHER);
        }));
        routes.get("/api/session", this::session);
        routes.get("/api/experiments", this::experiments);
        routes.get("/api/experiments/{id}", ctx -> experiment(ctx, false));
        routes.get("/api/experiments/{id}/phase", ctx -> experiment(ctx, true));
        routes.get("/api/versions", ctx -> json(ctx, Map.of("versions", views().versions())));
        routes.get("/api/versions/{version}/code", this::versionCode);
    }

    private ExperimentViews views() {
        var v = views;
        if (v == null) {
            v = new ExperimentViews(store.get(), artifacts.get(), json, clock);
            views = v;
        }
        return v;
    }

    /** Whether this browser is logged in, and the CSRF token its scripts send with state changes. */
    private void session(Context ctx) {
        var m = new LinkedHashMap<String, Object>();
        var caller = access.caller(ctx);
        m.put("authenticated", !(caller instanceof DashboardAccess.Caller.Anonymous));
        m.put("csrf", caller instanceof DashboardAccess.Caller.SessionHolder s ? s.csrf() : "");
        json(ctx, m);
    }

    /** {@code ?status=&before=&limit=}: newest first, the next page starting before the id {@code before}. */
    private void experiments(Context ctx) {
        int limit = PAGE;
        var limitParam = ctx.queryParam("limit");
        if (limitParam != null) {
            try {
                limit = Integer.parseInt(limitParam);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_PAGE) {
                error(ctx, 400, "limit must be a number from 1 to " + MAX_PAGE);
                return;
            }
        }
        String before = ctx.queryParam("before");
        if (before != null && !before.isEmpty() && !ID.matcher(before).matches()) {
            error(ctx, 400, "before must be an experiment id");
            return;
        }
        String statusParam = ctx.queryParam("status");
        ExperimentStatus status = null;
        if (statusParam != null && !statusParam.isEmpty()) {
            try {
                status = ExperimentStatus.valueOf(statusParam.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                error(ctx, 400, "status must be one of " + List.of(ExperimentStatus.values()));
                return;
            }
        }
        var s = store.get();
        // One more than shown tells whether there is a next page.
        int ask = limit + 1;
        List<ExperimentRecord> records;
        boolean paged = before != null && !before.isEmpty();
        if (status == null) {
            records = paged ? s.latestBefore(before, ask) : s.latest(ask);
        } else {
            records = paged ? s.byStatusBefore(status, before, ask) : s.byStatus(status, ask);
        }
        var shown = records.size() > limit ? records.subList(0, limit) : records;
        var m = new LinkedHashMap<String, Object>();
        m.put("experiments", shown.stream().map(views()::row).toList());
        m.put("next", records.size() > limit ? shown.get(shown.size() - 1).id() : null);
        m.put("statuses", List.of(ExperimentStatus.values()));
        json(ctx, m);
    }

    private void experiment(Context ctx, boolean phaseOnly) {
        String id = ctx.pathParam("id");
        if (!ID.matcher(id).matches()) {
            error(ctx, 400, "not an experiment id");
            return;
        }
        var record = store.get().find(id);
        if (record.isEmpty()) {
            error(ctx, 404, "no experiment " + id);
            return;
        }
        json(ctx, phaseOnly ? views().phase(record.get()) : views().page(record.get()));
    }

    private void versionCode(Context ctx) {
        int version;
        try {
            version = Integer.parseInt(ctx.pathParam("version"));
        } catch (NumberFormatException e) {
            error(ctx, 400, "version must be a number");
            return;
        }
        var code = views().versionCode(version);
        if (code.isEmpty()) {
            error(ctx, 404, "no version " + version);
            return;
        }
        json(ctx, Map.of("version", version, "code", code.get()));
    }

    void json(Context ctx, Object value) {
        try {
            StaticAssets.secure(ctx);
            ctx.contentType("application/json").result(json.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the dashboard's JSON", e);
        }
    }

    private void error(Context ctx, int status, String message) {
        ctx.status(status);
        json(ctx, Map.of("error", message));
    }
}
