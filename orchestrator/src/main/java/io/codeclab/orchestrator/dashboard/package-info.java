/**
 * The dashboard served by {@code serve} and the daemon: static pages from the jar rendering read-only JSON of
 * the experiment store and artifacts, and {@link io.codeclab.orchestrator.dashboard.DashboardAccess}, the token
 * and CSRF check for everything that runs code or changes state.
 */
package io.codeclab.orchestrator.dashboard;
