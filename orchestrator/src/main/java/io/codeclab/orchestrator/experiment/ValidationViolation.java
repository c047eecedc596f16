package io.codeclab.orchestrator.experiment;

/** One policy violation as stored in the record (and fed back to the proposer). */
public record ValidationViolation(int line, int column, String rule, String message) {
}
