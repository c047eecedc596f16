/**
 * What an operator watches: the Prometheus metrics ({@link io.codeclab.orchestrator.observability.LabMetrics})
 * and the health report ({@link io.codeclab.orchestrator.observability.HealthCheck}), served as routes of the
 * shared HTTP server.
 */
package io.codeclab.orchestrator.observability;
