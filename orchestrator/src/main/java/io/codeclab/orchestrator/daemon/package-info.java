/**
 * The scheduled loop that runs one experiment after another (with housekeeping every cycle) until stopped or
 * switched off.
 */
package io.codeclab.orchestrator.daemon;
