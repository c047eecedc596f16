package io.codeclab.orchestrator.cli;

/** The exit codes scripts rely on (SPEC §2). */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int INTERNAL_ERROR = 1;
    public static final int USAGE = 2;
    /** The input was rejected: policy, bad clip, bad code. */
    public static final int REJECTED = 3;

    private ExitCodes() {
    }
}
