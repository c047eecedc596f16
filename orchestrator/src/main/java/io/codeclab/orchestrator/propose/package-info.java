/**
 * Proposing the next candidate program: the {@link io.codeclab.orchestrator.propose.Proposer} interface (offline
 * now, LLM-backed next), what it is given, and the {@link io.codeclab.orchestrator.propose.Feedback} sources it is
 * told.
 */
package io.codeclab.orchestrator.propose;
