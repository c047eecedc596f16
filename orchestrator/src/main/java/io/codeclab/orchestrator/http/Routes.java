package io.codeclab.orchestrator.http;

import io.javalin.config.RoutesConfig;

/**
 * One feature's routes on the shared HTTP server: health, metrics, later the dashboard and its API. Each
 * feature adds its own; the server knows none of them.
 */
@FunctionalInterface
public interface Routes {

    void addTo(RoutesConfig routes);
}
