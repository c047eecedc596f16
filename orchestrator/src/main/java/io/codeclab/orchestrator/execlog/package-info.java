/**
 * The execution log (SPEC §9): one {@link io.codeclab.orchestrator.execlog.LogRecord} per sandbox run (and per
 * policy verdict), written in the background so that logging never fails or slows an experiment; sessions from a
 * failure to its fix; the analysis (success rates, error patterns, unfixed failures, where time and money go);
 * and recommendations that reach the next prompt as a {@link io.codeclab.orchestrator.propose.Feedback} source
 * and steer the offline proposer away from regions that keep failing.
 */
package io.codeclab.orchestrator.execlog;
