package io.codeclab.eval.harness;

import io.codeclab.eval.video.RgbVideo;
import io.codeclab.sandbox.SandboxLimits;

/**
 * How much one encode or decode run of an evaluation may write, derived from the clip: its raw RGB size plus a
 * margin, the stage's own output cap. The decoder must write the raw frames ({@code decoded.rgb}) and the encoder
 * may return up to that plus {@link ClipEvaluator#RAW_HEADER_ALLOWANCE}, so a fixed cap refused honest codecs on
 * large clips: a 1080p clip of 60 frames is 356 MiB raw, more than the 256 MiB default. The margin keeps what the
 * cap was before for everything else (reports, stream tails, scratch files a program writes).
 */
public final class OutputCap {

    private OutputCap() {
    }

    /** The cap for a clip of {@code rawBytes} bytes of RGB frames (N x H x W x 3) and a margin of {@code marginBytes}. */
    public static long forClip(long rawBytes, long marginBytes) {
        if (rawBytes <= 0 || marginBytes <= 0) {
            throw new IllegalArgumentException("raw size and margin must be positive, were " + rawBytes + " and "
                    + marginBytes);
        }
        return Math.addExact(rawBytes, marginBytes);
    }

    /** {@code stageLimits} with the output cap of a run on {@code frames}; every other limit is kept. */
    public static SandboxLimits fitting(SandboxLimits stageLimits, RgbVideo frames) {
        return stageLimits.toBuilder()
                .outputCapBytes(forClip(frames.rawBytes(), stageLimits.outputCapBytes()))
                .build();
    }
}
