/**
 * Large write-once things an experiment produces (code, prompts, responses, reports, sandbox logs) and the code of
 * every adopted version: the {@link io.codeclab.orchestrator.artifact.ArtifactStore} interface and its S3
 * implementation.
 */
package io.codeclab.orchestrator.artifact;
