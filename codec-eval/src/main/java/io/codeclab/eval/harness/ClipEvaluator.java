package io.codeclab.eval.harness;

import io.codeclab.eval.metrics.RgbMetrics;
import io.codeclab.eval.video.RgbVideo;
import io.codeclab.sandbox.SandboxLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import io.codeclab.eval.EvaluationException;
import io.codeclab.eval.Sha256;

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
    private final ExecutorService pool;
    private final LongAdder metricsNanos = new LongAdder();

    /**
     * @param parallelism how many qualities run at once, shared by every caller of this evaluator (experiments in
     *                    flight wait their turn); each quality's sandboxes get their own CPU limit
     */
    public ClipEvaluator(CodecHarness harness, int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be positive, was " + parallelism);
        }
        this.harness = harness;
        this.pool = Executors.newFixedThreadPool(parallelism, r -> {
            var t = new Thread(r, "codec-eval");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Scores every quality, up to {@code parallelism} at once (each quality runs its own sandboxes); the first
     * failure, in quality order, is the clip's failure.
     */
    public ClipEvaluation evaluate(String stage, CodecProgram program, Clip clip, List<Integer> qualities,
                                   SandboxLimits limits) {
        var futures = new ArrayList<Future<QualityOutcome>>();
        for (int quality : qualities) {
            futures.add(pool.submit(() -> evaluateQuality(stage, program, clip, quality, limits)));
        }
        var runs = new ArrayList<SandboxRun>();
        var points = new ArrayList<QualityPoint>();
        var bitstreams = new ArrayList<String>();
        EvaluationFailure failure = null;
        for (var future : futures) {
            QualityOutcome outcome = await(future);
            runs.addAll(outcome.runs());
            if (failure == null && outcome.failure() != null) {
                failure = outcome.failure();
            } else if (outcome.point() != null) {
                points.add(outcome.point());
                bitstreams.add(outcome.bitstreamSha256());
            }
        }
        return failure != null ? new ClipEvaluation.Failed(clip.name(), failure, runs)
                : new ClipEvaluation.Scored(clip.name(), points, runs, bitstreams);
    }

    /**
     * Encodes only, at each quality at once: the SHA-256 of every bitstream in quality order, or an empty list when an
     * encode failed (the stages that decode and measure say why); always the runs.
     */
    public Encodes encodeOnly(String stage, CodecProgram program, Clip clip, List<Integer> qualities,
                              SandboxLimits stageLimits) {
        var limits = OutputCap.fitting(stageLimits, clip.video());
        var futures = new ArrayList<Future<HarnessResult<byte[]>>>();
        for (int quality : qualities) {
            futures.add(pool.submit(() -> harness.encode(stage, clip.name(), program, clip.video(), quality, limits)));
        }
        var runs = new ArrayList<SandboxRun>();
        var hashes = new ArrayList<String>();
        boolean failed = false;
        for (var future : futures) {
            var encoded = await(future);
            runs.add(encoded.run());
            if (encoded instanceof HarnessResult.Success<byte[]> ok) {
                hashes.add(Sha256.hex(ok.value()));
            } else {
                failed = true;
            }
        }
        return new Encodes(failed ? List.of() : hashes, runs);
    }

    /** Bitstream hashes per quality (empty when an encode failed), and the runs that made them. */
    public record Encodes(List<String> bitstreamSha256, List<SandboxRun> runs) {
        public Encodes {
            bitstreamSha256 = List.copyOf(bitstreamSha256);
            runs = List.copyOf(runs);
        }
    }

    /** Time spent measuring rate and distortion in Java (all callers, added up since this evaluator was built). */
    public Duration metricsTime() {
        return Duration.ofNanos(metricsNanos.sum());
    }

    /** One quality's result: a point (with its bitstream's hash) or a failure, and the runs it took. */
    private record QualityOutcome(QualityPoint point, String bitstreamSha256, EvaluationFailure failure,
                                  List<SandboxRun> runs) {
        static QualityOutcome failed(EvaluationFailure failure, List<SandboxRun> runs) {
            return new QualityOutcome(null, null, failure, runs);
        }
    }

    private QualityOutcome evaluateQuality(String stage, CodecProgram program, Clip clip, int quality,
                                           SandboxLimits stageLimits) {
        var runs = new ArrayList<SandboxRun>();
        RgbVideo frames = clip.video();
        var limits = OutputCap.fitting(stageLimits, frames);
        var encoded = harness.encode(stage, clip.name(), program, frames, quality, limits);
        runs.add(encoded.run());
        if (encoded instanceof HarnessResult.Failed<byte[]> f) {
            return QualityOutcome.failed(f.failure(), runs);
        }
        byte[] bitstream = ((HarnessResult.Success<byte[]>) encoded).value();
        var refused = checkBitstream(stage, bitstream, frames);
        if (refused != null) {
            return QualityOutcome.failed(refused, runs);
        }
        byte[] first = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            var decoded = harness.decode(stage, clip.name(), program, bitstream, quality, limits);
            runs.add(decoded.run());
            if (decoded instanceof HarnessResult.Failed<CodecHarness.DecodedFrames> f) {
                return QualityOutcome.failed(f.failure(), runs);
            }
            var value = ((HarnessResult.Success<CodecHarness.DecodedFrames>) decoded).value();
            var wrong = checkShape(stage, value, frames);
            if (wrong != null) {
                return QualityOutcome.failed(wrong, runs);
            }
            if (first == null) {
                first = value.packed();
            } else if (!Arrays.equals(first, value.packed())) {
                return QualityOutcome.failed(new EvaluationFailure(stage, FailureKind.NON_DETERMINISTIC,
                        "decoding the same bitstream twice at quality " + quality
                                + " gave different frames: decode must depend on the bitstream only", ""), runs);
            }
        }
        long measuring = System.nanoTime();
        var decodedVideo = RgbVideo.fromPackedBytes(frames.format(), first);
        var point = point(quality, bitstream.length, frames, decodedVideo,
                encoded.run().result().wall().toNanos(), runs.get(runs.size() - 1).result().wall().toNanos());
        metricsNanos.add(System.nanoTime() - measuring);
        return new QualityOutcome(point, Sha256.hex(bitstream), null, runs);
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvaluationException("interrupted while evaluating", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new EvaluationException("evaluation failed: " + e.getCause(), e.getCause());
        }
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
