package io.codeclab.eval.protocol;

import io.codeclab.eval.harness.Clip;
import io.codeclab.eval.harness.ClipEvaluation;
import io.codeclab.sandbox.SandboxLimits;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The champion's scores, measured once per code hash, clip set, qualities and limits instead of in every
 * experiment: decoding is checked to be deterministic and the frames are the same objects, so measuring again
 * could only give the same points. Experiments in flight at once that need the same scores wait for one
 * measurement. A measurement that failed is not kept (the next experiment measures again).
 */
final class ChampionScores {

    /** Champions change rarely: a few entries cover the current one and those being replaced. */
    private static final int KEEP = 8;

    /** What the scores depend on; clips compare by identity (the loaded frames), so a reloaded clip is measured anew. */
    record Key(String championSha256, List<Clip> clips, List<Integer> qualities, SandboxLimits limits) {
    }

    /** The champion's scores on every clip of the set, or the failure that stopped measuring them. */
    record Measured(List<ClipEvaluation.Scored> scores, ClipEvaluation.Failed failure) {
    }

    private final Map<Key, CompletableFuture<Measured>> cache = new ConcurrentHashMap<>();
    private final LongAdder hits = new LongAdder();
    private final LongAdder measurements = new LongAdder();

    /** The cached scores for {@code key}, or {@code measure}'s result (cached when it did not fail). */
    Measured get(Key key, Supplier<Measured> measure) {
        var mine = new CompletableFuture<Measured>();
        var existing = cache.putIfAbsent(key, mine);
        if (existing != null) {
            hits.increment();
            try {
                return existing.join();
            } catch (CompletionException e) {
                // The measurement we waited for broke inside the orchestrator: measure ourselves.
                return measure.get();
            }
        }
        measurements.increment();
        Measured measured;
        try {
            measured = measure.get();
        } catch (RuntimeException e) {
            cache.remove(key, mine);
            mine.completeExceptionally(e);
            throw e;
        }
        if (measured.failure() != null) {
            cache.remove(key, mine);
        } else if (cache.size() > KEEP) {
            cache.keySet().removeIf(k -> !k.equals(key));
        }
        mine.complete(measured);
        return measured;
    }

    /** Experiments that used scores measured by another. */
    long hits() {
        return hits.sum();
    }

    /** Times the champion was measured. */
    long measurements() {
        return measurements.sum();
    }
}
