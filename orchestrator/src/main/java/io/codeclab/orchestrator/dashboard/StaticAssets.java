package io.codeclab.orchestrator.dashboard;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The dashboard's files, all from the jar: its own pages, scripts and styles, and uPlot from its WebJar. Only
 * names this class knows are served (no path from the request reaches the class path), each with the
 * security headers of {@link #secure}.
 */
final class StaticAssets {

    /** Scripts only from this origin, no inline script or style, nothing framed, no plugins. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'; form-action 'self'";
    private static final String OWN = "/io/codeclab/orchestrator/dashboard/static/";
    private static final String UPLOT = "/META-INF/resources/webjars/uplot/1.6.30/dist/";
    private static final Pattern OWN_NAME = Pattern.compile("[a-z][a-z0-9-]*\\.(js|css)");
    private static final Map<String, String> VENDOR = Map.of(
            "uPlot.iife.min.js", UPLOT + "uPlot.iife.min.js",
            "uPlot.min.css", UPLOT + "uPlot.min.css");

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    static void secure(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("Cache-Control", "no-store");
    }

    /** One of the dashboard's HTML pages ({@code experiments}, {@code experiment}, ...). */
    void page(Context ctx, String name) {
        secure(ctx);
        ctx.contentType("text/html; charset=utf-8").result(load(OWN + name + ".html").orElseThrow(
                () -> new IllegalStateException("the dashboard page " + name + " is missing from the jar")));
    }

    /** {@code /assets/{name}}: an own script or style, or a vendored file; 404 for anything else. */
    void asset(Context ctx, String name) {
        String path = VENDOR.getOrDefault(name, OWN_NAME.matcher(name).matches() ? OWN + name : null);
        var bytes = path == null ? Optional.<byte[]>empty() : load(path);
        secure(ctx);
        if (bytes.isEmpty()) {
            ctx.status(404).contentType("text/plain").result("no such asset");
            return;
        }
        ctx.header("Cache-Control", "max-age=300");
        ctx.contentType(name.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8")
                .result(bytes.get());
    }

    private Optional<byte[]> load(String path) {
        var cached = cache.get(path);
        if (cached != null) {
            return Optional.of(cached);
        }
        try (InputStream in = StaticAssets.class.getResourceAsStream(path)) {
            if (in == null) {
                return Optional.empty();
            }
            var bytes = in.readAllBytes();
            cache.put(path, bytes);
            return Optional.of(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + " from the jar", e);
        }
    }
}
