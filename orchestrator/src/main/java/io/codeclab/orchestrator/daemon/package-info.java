/**
 * The daemon: the scheduled loop that runs one experiment after another (with housekeeping every cycle), its
 * on/off switch (configuration, optionally an SSM parameter), the per-data-directory lock, and the stop on
 * SIGTERM (finish the running experiment, or abandon it after the grace period).
 */
package io.codeclab.orchestrator.daemon;
