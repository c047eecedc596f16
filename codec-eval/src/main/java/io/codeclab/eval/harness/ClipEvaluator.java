package io.codeclab.eval.harness;

import io.codeclab.eval.metrics.RgbMetrics;
import io.codeclab.eval.video.RgbVideo;
import io.codeclab.sandbox.SandboxLimits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Scores a codec program on one clip at several qualities with the checks of SPEC §5: the bitstream is
 * not empty and not larger than the raw frames; decoding it in two fresh sandboxes gives identical frames
 * of the input's shape and dtype; only then does Java measure rate and distortion.
 */
public final class ClipEvaluator {

    /**
     * Bytes a bitstream may exceed the raw frames by: room for a header, so that a codec which stores the raw
     * frames is scored honestly (at full rate) instead of being refused.
     */
    public static final int RAW_HEADER_ALLOWANCE = 1024;

    private final CodecHarness harness;

    public ClipEvaluator(CodecHarness harness) {
        this.harness = harness;
    }

    public ClipEvaluation evaluate(String stage, CodecProgram program, Clip clip, List<Integer> qualities,
                                   SandboxLimits limits) {
        var runs = new ArrayList<SandboxRun>();
        var points = new ArrayList<QualityPoint>();
        RgbVideo frames = clip.video();
        for (int quality : qualities) {
            var encoded = harness.encode(stage, clip.name(), program, frames, quality, limits);
            runs.add(encoded.run());
            if (encoded instanceof HarnessResult.Failed<byte[]> f) {
                return new ClipEvaluation.Failed(clip.name(), f.failure(), runs);
            }
            byte[] bitstream = ((HarnessResult.Success<byte[]>) encoded).value();
            var refused = checkBitstream(stage, bitstream, frames);
            if (refused != null) {
                return new ClipEvaluation.Failed(clip.name(), refused, runs);
            }
            byte[] first = null;
            for (int attempt = 0; attempt < 2; attempt++) {
                var decoded = harness.decode(stage, clip.name(), program, bitstream, quality, limits);
                runs.add(decoded.run());
                if (decoded instanceof HarnessResult.Failed<CodecHarness.DecodedFrames> f) {
                    return new ClipEvaluation.Failed(clip.name(), f.failure(), runs);
                }
                var value = ((HarnessResult.Success<CodecHarness.DecodedFrames>) decoded).value();
                var wrong = checkShape(stage, value, frames);
                if (wrong != null) {
                    return new ClipEvaluation.Failed(clip.name(), wrong, runs);
                }
                if (first == null) {
                    first = value.packed();
                } else if (!Arrays.equals(first, value.packed())) {
                    return new ClipEvaluation.Failed(clip.name(), new EvaluationFailure(stage,
                            FailureKind.NON_DETERMINISTIC, "decoding the same bitstream twice at quality " + quality
                            + " gave different frames: decode must depend on the bitstream only", ""), runs);
                }
            }
            var decodedVideo = RgbVideo.fromPackedBytes(frames.format(), first);
            var encodeRun = encoded.run().result();
            var decodeRun = runs.get(runs.size() - 1).result();
            points.add(point(quality, bitstream.length, frames, decodedVideo,
                    encodeRun.wall().toNanos(), decodeRun.wall().toNanos()));
        }
        return new ClipEvaluation.Scored(clip.name(), points, runs);
    }

    static QualityPoint point(int quality, long bytes, RgbVideo reference, RgbVideo decoded,
                              long encodeNanos, long decodeNanos) {
        var comparison = RgbMetrics.compare(reference, decoded);
        int n = reference.frameCount();
        double seconds = n / reference.format().fps();
        double kbps = bytes * 8.0 / seconds / 1000.0;
        double bpp = bytes * 8.0 / ((double) n * reference.format().pixels());
        return new QualityPoint(quality, bytes, kbps, bpp, comparison.psnrY(), comparison.psnrRgb(),
                comparison.ssimY(), fps(n, encodeNanos), fps(n, decodeNanos));
    }

    private static double fps(int frames, long nanos) {
        return nanos <= 0 ? 0.0 : frames / (nanos / 1e9);
    }

    private static EvaluationFailure checkBitstream(String stage, byte[] bitstream, RgbVideo frames) {
        if (bitstream.length == 0) {
            return new EvaluationFailure(stage, FailureKind.EMPTY_BITSTREAM,
                    "encode returned an empty bitstream: the decoder must rebuild the frames from it alone", "");
        }
        long limit = frames.rawBytes() + RAW_HEADER_ALLOWANCE;
        if (bitstream.length > limit) {
            return new EvaluationFailure(stage, FailureKind.BITSTREAM_TOO_LARGE, "the bitstream has "
                    + bitstream.length + " bytes, more than the raw frames (" + frames.rawBytes() + " bytes)", "");
        }
        return null;
    }

    private static EvaluationFailure checkShape(String stage, CodecHarness.DecodedFrames decoded, RgbVideo frames) {
        int[] s = decoded.shape();
        int[] expected = {frames.frameCount(), frames.height(), frames.width(), 3};
        if (s.length == 4 && s[0] != expected[0] && s[1] == expected[1] && s[2] == expected[2]) {
            return new EvaluationFailure(stage, FailureKind.WRONG_FRAME_COUNT, "decode returned " + s[0]
                    + " frames, expected " + expected[0] + ": the bitstream must carry the frame count", "");
        }
        if (!Arrays.equals(s, expected) || decoded.packed().length != frames.rawBytes()) {
            return new EvaluationFailure(stage, FailureKind.WRONG_SHAPE, "decode returned shape "
                    + Arrays.toString(s) + ", expected " + Arrays.toString(expected)
                    + " (N, H, W, 3): the bitstream must carry its own dimensions", "");
        }
        return null;
    }
}
