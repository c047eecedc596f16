/**
 * One experiment end to end: the short {@link io.codeclab.orchestrator.run.ExperimentRunner}, its lease and
 * heartbeat, the phase recorder that listens to evaluation events, the experiment's artifacts, and the sweeper
 * that abandons experiments whose lease ran out.
 */
package io.codeclab.orchestrator.run;
