/**
 * The hand wiring of codec-lab: {@link io.codeclab.orchestrator.app.CodecLab} turns a configuration into running
 * parts, each built on first use, and the one JSON mapper configuration.
 */
package io.codeclab.orchestrator.app;
