package io.codeclab.orchestrator.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeclab.orchestrator.experiment.ExperimentRecord;
import io.codeclab.orchestrator.experiment.ExperimentStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
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
    void experimentsInFlightRunAtOnceAndTheMaximumCountsAllLanes() throws Exception {
        var calls = new AtomicInteger();
        var atOnce = new AtomicInteger();
        var mostAtOnce = new AtomicInteger();
        var bothRunning = new CountDownLatch(2);
        var daemon = Daemon.builder(() -> {
            int n = calls.incrementAndGet();
            mostAtOnce.accumulateAndGet(atOnce.incrementAndGet(), Math::max);
            bothRunning.countDown();
            try {
                // The first two only end once both are running: one lane alone would wait here for good.
                assertThat(bothRunning.await(10, TimeUnit.SECONDS)).as("two experiments in flight").isTrue();
                Thread.sleep(5);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            } finally {
                atOnce.decrementAndGet();
            }
            return record(n);
        }).interval(Duration.ZERO).maxExperiments(5).inFlight(2).build();
        assertThat(daemon.run()).isEqualTo(5);
        assertThat(calls).hasValue(5);
        assertThat(mostAtOnce).hasValue(2);
        assertThat(daemon.status().completed()).isEqualTo(5);
        assertThat(daemon.status().state()).isEqualTo(Daemon.State.STOPPED);
    }

    @Test
    void inFlightMustBePositive() {
        assertThatThrownBy(() -> Daemon.builder(() -> record(1)).inFlight(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("in flight, was 0");
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

    @Test
    void stopLetsTheRunningExperimentFinishWithinTheGracePeriod() throws Exception {
        var release = new java.util.concurrent.CountDownLatch(1);
        var started = new java.util.concurrent.CountDownLatch(1);
        var abandons = new AtomicInteger();
        var daemon = Daemon.builder(() -> {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return record(1);
        }).interval(Duration.ofHours(1)).stopGrace(Duration.ofMinutes(5), abandons::incrementAndGet).build();
        var done = CompletableFuture.supplyAsync(() -> {
            try {
                return daemon.run();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        daemon.stop();
        assertThat(daemon.status().state()).isEqualTo(Daemon.State.STOPPING);
        Thread.sleep(300);
        assertThat(done).isNotDone();
        release.countDown();
        assertThat(done.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(abandons).hasValue(0);
        assertThat(daemon.status().state()).isEqualTo(Daemon.State.STOPPED);
    }

    @Test
    void afterTheGracePeriodTheRunningExperimentIsAbandonedOnceAndRunReturns() throws Exception {
        var started = new java.util.concurrent.CountDownLatch(1);
        var abandons = new AtomicInteger();
        var daemon = Daemon.builder(() -> {
            started.countDown();
            try {
                new java.util.concurrent.CountDownLatch(1).await(); // stuck for good
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return record(1);
        }).interval(Duration.ofHours(1)).stopGrace(Duration.ofMillis(300), abandons::incrementAndGet).build();
        var done = CompletableFuture.supplyAsync(() -> {
            try {
                return daemon.run();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        long stoppedAt = System.nanoTime();
        daemon.stop();
        assertThat(done.get(10, TimeUnit.SECONDS)).isZero();
        long tookMillis = (System.nanoTime() - stoppedAt) / 1_000_000;
        assertThat(tookMillis).isBetween(300L, 5_000L);
        assertThat(abandons).hasValue(1);
    }

    @Test
    void theSwitchIsReportedInTheStatusAndEachCycleReadsItAgain() throws Exception {
        var reads = new AtomicInteger();
        var daemon = Daemon.builder(() -> record(0)).interval(Duration.ofMillis(1)).maxExperiments(1)
                .onOff(() -> reads.incrementAndGet() < 4
                        ? new OnOffSwitch.Reading(false, "SSM parameter /x=false")
                        : new OnOffSwitch.Reading(true, "SSM parameter /x=true"))
                .build();
        assertThat(daemon.status().lastSwitch()).isNull();
        assertThat(daemon.run()).isEqualTo(1);
        assertThat(reads).hasValue(4);
        assertThat(daemon.status().lastSwitch()).isEqualTo(new OnOffSwitch.Reading(true, "SSM parameter /x=true"));
        assertThat(daemon.status().completed()).isEqualTo(1);
    }

    @Test
    void aSwitchThatThrowsReadsOffAndTheLoopGoesOn() throws Exception {
        var reads = new AtomicInteger();
        var daemon = Daemon.builder(() -> record(0)).interval(Duration.ofMillis(1)).maxExperiments(1)
                .onOff(() -> {
                    if (reads.incrementAndGet() == 1) {
                        throw new IllegalStateException("config file half-written");
                    }
                    return new OnOffSwitch.Reading(true, "CODEC_LAB_ENABLED=true");
                }).build();
        assertThat(daemon.run()).isEqualTo(1);
        assertThat(reads).hasValue(2);
    }
}
