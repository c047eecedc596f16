/**
 * codec-lab's configuration: three layers (file, environment, flags) of {@code CODEC_LAB_*} settings, validated
 * once, and the endpoint kinds (embedded, aws, URL).
 */
package io.codeclab.orchestrator.config;
