package io.codeclab.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * What one sandboxed run did.
 *
 * @param outcome         how it ended
 * @param exitCode        the process's exit code (128+signal when killed; -1 when it never ran)
 * @param wall            wall-clock time from start to exit, measured outside the sandbox
 * @param cpu             user+system CPU time of the whole run
 * @param peakMemoryBytes peak memory of the whole run (0 when unknown)
 * @param stdoutTail      the last bytes of standard output, at most the configured tail size
 * @param stderrTail      the last bytes of standard error, at most the configured tail size
 * @param backend         {@code docker} or {@code bwrap}
 */
public record SandboxResult(
        SandboxOutcome outcome,
        int exitCode,
        Duration wall,
        Duration cpu,
        long peakMemoryBytes,
        String stdoutTail,
        String stderrTail,
        String backend) {

    public SandboxResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(wall, "wall");
        Objects.requireNonNull(cpu, "cpu");
        Objects.requireNonNull(stdoutTail, "stdoutTail");
        Objects.requireNonNull(stderrTail, "stderrTail");
        Objects.requireNonNull(backend, "backend");
    }

    public String status() {
        return outcome.status();
    }

    public boolean isOk() {
        return outcome instanceof SandboxOutcome.Ok;
    }
}
