/**
 * The HTTP server that health, metrics and the dashboard share; each feature brings its {@link
 * io.codeclab.orchestrator.http.Routes}.
 */
package io.codeclab.orchestrator.http;
