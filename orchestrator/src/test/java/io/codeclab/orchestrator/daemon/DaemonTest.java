package io.codeclab.orchestrator.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeclab.orchestrator.experiment.ExperimentRecord;
import io.codeclab.orchestrator.experiment.ExperimentStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DaemonTest {

    private static ExperimentRecord record(int n) {
        return new ExperimentRecord("exp-" + n, ExperimentStatus.REJECTED, 0, null, "offline", "sha", "", "", null,
                null, null, null, null, null, null, null, null, null, Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void runsExactlyTheMaximumThenReturns() throws Exception {
        var calls = new AtomicInteger();
        var daemon = new Daemon(() -> record(calls.incrementAndGet()), Duration.ZERO, 3, () -> true);
        assertThat(daemon.run()).isEqualTo(3);
        assertThat(calls).hasValue(3);
    }

    @Test
    void anInternalErrorIsCountedAndTheLoopGoesOn() throws Exception {
        var calls = new AtomicInteger();
        var daemon = new Daemon(() -> {
            if (calls.incrementAndGet() == 2) {
                throw new IllegalStateException("store unavailable");
            }
            return record(calls.get());
        }, Duration.ZERO, 4, () -> true);
        assertThat(daemon.run()).isEqualTo(3);
        assertThat(daemon.internalErrors()).isEqualTo(1);
        assertThat(calls).hasValue(4);
    }

    @Test
    void stopEndsTheWaitAndStartsNothingNew() throws Exception {
        var calls = new AtomicInteger();
        var daemon = new Daemon(() -> record(calls.incrementAndGet()), Duration.ofHours(1), 0, () -> true);
        var done = CompletableFuture.supplyAsync(() -> {
            try {
                return daemon.run();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        while (calls.get() == 0) {
            Thread.onSpinWait();
        }
        daemon.stop();
        assertThat(done.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(calls).hasValue(1);
    }

    @Test
    void whileSwitchedOffNoExperimentRuns() throws Exception {
        var calls = new AtomicInteger();
        var checks = new AtomicInteger();
        var on = new AtomicBoolean(false);
        var daemon = new Daemon(() -> record(calls.incrementAndGet()), Duration.ofMillis(1), 2, () -> {
            if (checks.incrementAndGet() == 5) {
                on.set(true);
            }
            return on.get();
        });
        assertThat(daemon.run()).isEqualTo(2);
        assertThat(checks.get()).isGreaterThanOrEqualTo(6);
        assertThat(calls).hasValue(2);
    }

    @Test
    void negativeSettingsAreRefused() {
        assertThatThrownBy(() -> new Daemon(() -> record(0), Duration.ofSeconds(-1), 0, () -> true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("interval");
        assertThatThrownBy(() -> new Daemon(() -> record(0), Duration.ZERO, -1, () -> true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxExperiments");
    }

    @Test
    void housekeepingRunsEveryCycleEvenWhileSwitchedOffAndSurvivesFailures() throws Exception {
        var sweeps = new AtomicInteger();
        var experiments = new AtomicInteger();
        var daemon = new Daemon(() -> record(experiments.incrementAndGet()), () -> {
            if (sweeps.incrementAndGet() == 1) {
                throw new IllegalStateException("store unavailable");
            }
        }, Duration.ofMillis(20), 0, () -> false);
        var done = CompletableFuture.supplyAsync(() -> {
            try {
                return daemon.run();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sweeps.get() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        daemon.stop();
        assertThat(done.get(10, TimeUnit.SECONDS)).isZero();
        // Switched off: no experiment ran, yet expired leases were swept each cycle, a failed sweep included.
        assertThat(sweeps.get()).isGreaterThanOrEqualTo(3);
        assertThat(experiments).hasValue(0);
        assertThat(daemon.internalErrors()).isZero();
    }
}
