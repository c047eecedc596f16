package io.codeclab.eval.harness;

/**
 * Named ways a codec program fails evaluation. Sandbox statuses (TIMEOUT, OOM, CRASH, OUTPUT_LIMIT,
 * SANDBOX_ERROR) are kinds too; these are the contract checks on top of them.
 */
public final class FailureKind {
    public static final String EMPTY_BITSTREAM = "EMPTY_BITSTREAM";
    public static final String NO_BITSTREAM = "NO_BITSTREAM";
    public static final String BITSTREAM_TOO_LARGE = "BITSTREAM_TOO_LARGE";
    public static final String WRONG_TYPE = "WRONG_TYPE";
    public static final String WRONG_DTYPE = "WRONG_DTYPE";
    public static final String WRONG_SHAPE = "WRONG_SHAPE";
    public static final String WRONG_FRAME_COUNT = "WRONG_FRAME_COUNT";
    public static final String NON_DETERMINISTIC = "NON_DETERMINISTIC";
    public static final String POLICY = "POLICY";
    public static final String NO_OVERLAP = "NO_OVERLAP";
    public static final String NOT_MONOTONIC = "NOT_MONOTONIC";
    /** Behaves like the champion or an earlier program (the same bitstream on the smoke clip): skipped. */
    public static final String NEAR_DUPLICATE = "NEAR_DUPLICATE";

    private FailureKind() {
    }
}
