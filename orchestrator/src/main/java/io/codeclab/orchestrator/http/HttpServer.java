package io.codeclab.orchestrator.http;

import io.javalin.Javalin;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * codec-lab's HTTP server (Javalin on Jetty), shared by every feature that serves HTTP: health and metrics
 * now, the dashboard later. It binds 127.0.0.1 unless told otherwise ({@code CODEC_LAB_HTTP_BIND}); port 0
 * takes a free port, logged and available from {@link #port()}.
 */
public final class HttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

    private final Javalin app;
    private final String host;

    private HttpServer(Javalin app, String host) {
        this.app = app;
        this.host = host;
    }

    /**
     * Starts serving {@code features} on {@code host:port}.
     *
     * @throws HttpServerException when the port cannot be bound (in use, no permission, unknown address)
     */
    public static HttpServer start(String host, int port, List<Routes> features) {
        Objects.requireNonNull(host, "host");
        var app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = host;
            config.jetty.port = port;
            features.forEach(f -> f.addTo(config.routes));
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                ctx.status(500).result("internal error: " + e);
            });
        });
        try {
            app.start();
        } catch (RuntimeException e) {
            stopQuietly(app, e);
            throw new HttpServerException("cannot serve HTTP on " + host + ":" + port + ": " + rootMessage(e)
                    + "; choose another CODEC_LAB_HTTP_PORT (0 takes a free one) or CODEC_LAB_HTTP_BIND", e);
        }
        var server = new HttpServer(app, host);
        LOG.info("HTTP server listening on {}", server.uri());
        return server;
    }

    /** The port bound (the one chosen when 0 was asked for). */
    public int port() {
        return app.port();
    }

    public URI uri() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + h + ":" + port());
    }

    private static void stopQuietly(Javalin app, RuntimeException cause) {
        try {
            app.stop();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.toString();
    }

    @Override
    public void close() {
        app.stop();
    }
}
