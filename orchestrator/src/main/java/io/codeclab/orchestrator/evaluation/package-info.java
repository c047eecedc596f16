/**
 * Evaluation as a service, outside any experiment: one program on one clip against the champion, for {@code codec-
 * lab eval} and the dashboard's playground.
 */
package io.codeclab.orchestrator.evaluation;
