/**
 * Operating codec-lab on AWS: {@link io.codeclab.orchestrator.ops.ExperimentTrigger} runs one experiment on a
 * worker through SSM Run Command (the stack's run-experiment document), and
 * {@link io.codeclab.orchestrator.ops.ParameterStoreSettings} reads configuration and secrets from Parameter Store
 * under {@code CODEC_LAB_SSM_PREFIX}.
 */
package io.codeclab.orchestrator.ops;
