package io.codeclab.eval.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeclab.eval.harness.ClipEvaluation;
import io.codeclab.eval.harness.EvaluationFailure;
import io.codeclab.sandbox.SandboxLimits;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ChampionScoresTest {

    private static final ChampionScores.Key KEY = new ChampionScores.Key("sha-a", List.of(), List.of(2, 8),
            SandboxLimits.ofDefaults());

    private static ChampionScores.Measured scored(String clip) {
        return new ChampionScores.Measured(List.of(new ClipEvaluation.Scored(clip, List.of(), List.of())), null);
    }

    @Test
    void experimentsAskingAtOnceWaitForOneMeasurement() throws Exception {
        var cache = new ChampionScores();
        var measuring = new CountDownLatch(1);
        var finish = new CountDownLatch(1);
        var measurements = new AtomicInteger();
        var first = CompletableFuture.supplyAsync(() -> cache.get(KEY, () -> {
            measurements.incrementAndGet();
            measuring.countDown();
            await(finish);
            return scored("first");
        }));
        assertThat(measuring.await(5, TimeUnit.SECONDS)).isTrue();
        var second = CompletableFuture.supplyAsync(() -> cache.get(KEY, () -> {
            measurements.incrementAndGet();
            return scored("second");
        }));
        Thread.sleep(50);
        assertThat(second).isNotDone();
        finish.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS).scores().get(0).clip()).isEqualTo("first");
        assertThat(second.get(5, TimeUnit.SECONDS).scores().get(0).clip()).isEqualTo("first");
        assertThat(measurements).hasValue(1);
        assertThat(cache.measurements()).isEqualTo(1);
        assertThat(cache.hits()).isEqualTo(1);
    }

    @Test
    void anotherChampionOrProtocolIsMeasuredAnewAndAFailureIsNotKept() {
        var cache = new ChampionScores();
        cache.get(KEY, () -> scored("a"));
        var otherChampion = new ChampionScores.Key("sha-b", List.of(), List.of(2, 8), SandboxLimits.ofDefaults());
        var otherQualities = new ChampionScores.Key("sha-a", List.of(), List.of(2, 4, 8), SandboxLimits.ofDefaults());
        assertThat(cache.get(otherChampion, () -> scored("b")).scores().get(0).clip()).isEqualTo("b");
        assertThat(cache.get(otherQualities, () -> scored("c")).scores().get(0).clip()).isEqualTo("c");
        assertThat(cache.get(KEY, () -> scored("again")).scores().get(0).clip()).isEqualTo("a");

        var failing = new ChampionScores.Key("sha-f", List.of(), List.of(2), SandboxLimits.ofDefaults());
        var failure = new ChampionScores.Measured(List.of(), new ClipEvaluation.Failed("clip",
                new EvaluationFailure("adoption", "TIMEOUT", "too slow", ""), List.of()));
        assertThat(cache.get(failing, () -> failure).failure()).isNotNull();
        assertThat(cache.get(failing, () -> scored("retried")).scores().get(0).clip()).isEqualTo("retried");
        assertThat(cache.measurements()).isEqualTo(5);
        assertThat(cache.hits()).isEqualTo(1);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
