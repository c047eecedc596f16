package io.codeclab.sandbox.internal;

import io.codeclab.sandbox.SandboxLimits;
import io.codeclab.sandbox.SandboxOutcome;

/** Turns what a backend observed into the one outcome both backends report for it. */
public final class OutcomeClassifier {

    /** SIGXFSZ: a file grew past RLIMIT_FSIZE, which we set to the output cap. */
    static final int SIGXFSZ = 25;
    private static final int MAX_SIGNAL = 64;

    private OutcomeClassifier() {
    }

    /**
     * Order matters: our own reasons to kill come first (they explain the 137 that follows), then the
     * OOM flag (read even when the exit code is 0, since a child may have been killed), then the exit.
     */
    public static SandboxOutcome classify(RunFacts facts, SandboxLimits limits) {
        if (facts.closedMidRun()) {
            return new SandboxOutcome.SandboxError("the sandbox was closed while the program was running");
        }
        if (facts.outputExceeded()) {
            return new SandboxOutcome.OutputLimit(limits.outputCapBytes());
        }
        if (facts.tooManyOutputFiles()) {
            return new SandboxOutcome.OutputFileLimit(limits.outputCapFiles());
        }
        if (facts.oomKilled()) {
            return new SandboxOutcome.OutOfMemory(limits.memoryBytes());
        }
        if (facts.timedOut()) {
            return new SandboxOutcome.Timeout(limits.wallTimeout());
        }
        int code = facts.exitCode();
        if (code == 0) {
            return new SandboxOutcome.Ok();
        }
        int signal = signalOf(code);
        if (signal == SIGXFSZ) {
            return new SandboxOutcome.OutputLimit(limits.outputCapBytes());
        }
        return new SandboxOutcome.Crash(code, signal);
    }

    /** The signal encoded in a shell-style exit code (128+n), or 0 for a normal exit. */
    public static int signalOf(int exitCode) {
        return exitCode > 128 && exitCode <= 128 + MAX_SIGNAL ? exitCode - 128 : 0;
    }
}
