/**
 * The experiment domain: records, statuses, per-phase updates, failures, the champion and the version history, and
 * the {@link io.codeclab.orchestrator.experiment.ExperimentStore} interface with its conditional-write contract.
 * Storage technology lives in subpackages.
 */
package io.codeclab.orchestrator.experiment;
