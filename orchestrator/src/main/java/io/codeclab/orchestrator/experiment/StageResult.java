package io.codeclab.orchestrator.experiment;

/**
 * The sandbox summary of one stage run (policy, smoke, search, adoption, champion re-score): how it ended
 * and how long it took. Full logs are artifacts.
 */
public record StageResult(String stage, String status, double wallSeconds, double cpuSeconds,
                          long peakMemoryBytes, String backend) {
}
