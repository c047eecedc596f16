package io.codeclab.eval.harness;

import io.codeclab.sandbox.SandboxResult;

/** One sandbox run of an evaluation, kept for the record and the logs: which stage, side and quality. */
public record SandboxRun(String stage, String side, int quality, String clip, SandboxResult result) {
    public static final String ENCODE = "encode";
    public static final String DECODE = "decode";
}
