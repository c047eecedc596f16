package io.codeclab.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxSlotsTest {

    @TempDir
    Path dir;

    /** Counts runs at once; each run holds its slot until released. */
    private static final class HoldingSandbox implements Sandbox {
        final AtomicInteger atOnce = new AtomicInteger();
        final AtomicInteger most = new AtomicInteger();
        final AtomicInteger runs = new AtomicInteger();
        final CountDownLatch release = new CountDownLatch(1);
        boolean closed;

        @Override
        public SandboxResult run(SandboxTask task) {
            most.accumulateAndGet(atOnce.incrementAndGet(), Math::max);
            runs.incrementAndGet();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                atOnce.decrementAndGet();
            }
            return new SandboxResult(new SandboxOutcome.Ok(), 0, Duration.ofMillis(1), Duration.ZERO, 0, "", "",
                    "fake");
        }

        @Override
        public String backend() {
            return "fake";
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private SandboxTask task() {
        return SandboxTask.builder().codeDir(dir).outputDir(dir).command(java.util.List.of("true")).build();
    }

    @Test
    void neverMoreRunsAtOnceThanSlotsAndWaitsAreCounted() throws Exception {
        var inner = new HoldingSandbox();
        var slots = SandboxSlots.of(inner, 2);
        var pool = Executors.newFixedThreadPool(5);
        try {
            var futures = new ArrayList<Future<SandboxResult>>();
            for (int i = 0; i < 5; i++) {
                futures.add(pool.submit(() -> slots.run(task())));
            }
            // Two running and three queued (each one's wait is timed from its call): then 100 ms of waiting each.
            while (inner.atOnce.get() < 2 || slots.waiting() < 3) {
                Thread.sleep(1);
            }
            Thread.sleep(100);
            assertThat(inner.atOnce).hasValue(2);
            assertThat(slots.busy()).isEqualTo(2);
            inner.release.countDown();
            for (var f : futures) {
                assertThat(f.get(10, TimeUnit.SECONDS).isOk()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(inner.runs).hasValue(5);
        assertThat(inner.most).hasValue(2);
        assertThat(slots.busy()).isZero();
        assertThat(slots.waited()).isGreaterThanOrEqualTo(Duration.ofMillis(100 * 3));
        assertThat(slots.ran()).isGreaterThanOrEqualTo(Duration.ofMillis(100 * 2));
        slots.close();
        assertThat(inner.closed).isTrue();
    }

    @Test
    void anInterruptedWaitStartsNothingAndSaysSo() throws Exception {
        var inner = new HoldingSandbox();
        var slots = SandboxSlots.of(inner, 1);
        var holder = new Thread(() -> slots.run(task()));
        holder.start();
        while (inner.atOnce.get() < 1) {
            Thread.onSpinWait();
        }
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> slots.run(task())).isInstanceOf(SandboxLaunchException.class)
                    .hasMessageContaining("one of 1 sandbox slots").hasMessageContaining("not started");
            assertThat(Thread.interrupted()).as("interrupt flag kept").isTrue();
        } finally {
            inner.release.countDown();
            holder.join();
        }
        assertThat(inner.runs).hasValue(1);
    }

    @Test
    void aSandboxNeedsASlot() {
        assertThatThrownBy(() -> SandboxSlots.of(new HoldingSandbox(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one slot, was 0");
    }
}
