package io.codeclab.orchestrator.execlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogWriterTest {

    @TempDir
    Path dir;

    private static LogRecord record(int seq) {
        return new LogRecord(Instant.parse("2026-12-03T00:00:00Z"), "20261203T000000.000Z-writer", seq, "SMOKE",
                "ENCODE", 2, true, LogRecord.PASSED, "", "", "", "", "", "c", "p", "m", "", "", "", 1.5, 0,
                Map.of(), Map.of(), "");
    }

    @Test
    void aRecordIsPendingFromItsAppendUntilItIsWrittenAndRecordsAreWrittenInOrder() throws Exception {
        var release = new CountDownLatch(1);
        var inSink = new CountDownLatch(1);
        var written = new CopyOnWriteArrayList<Integer>();
        var writer = new LogWriter(r -> {
            inSink.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            written.add(r.seq());
        }, dir.resolve("spool.jsonl"), Duration.ofMillis(10), Duration.ofMillis(20));
        try {
            writer.append(record(0));
            writer.append(record(1));
            writer.append(record(2));
            assertThat(inSink.await(10, TimeUnit.SECONDS)).isTrue();
            // One record is in the sink, two are queued: all three are still pending.
            assertThat(writer.pending()).isEqualTo(3);
            assertThat(writer.awaitIdle(Duration.ofMillis(50))).isFalse();
            release.countDown();
            assertThat(writer.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(writer.pending()).isZero();
            assertThat(writer.written()).isEqualTo(3);
            assertThat(written).containsExactly(0, 1, 2);
        } finally {
            writer.close();
        }
    }

    @Test
    void aFailingWriteIsRetriedAndCountedUntilItSucceeds() throws Exception {
        var attempts = new AtomicInteger();
        var written = new CopyOnWriteArrayList<Integer>();
        var writer = new LogWriter(r -> {
            if (attempts.incrementAndGet() <= 2) {
                throw new IllegalStateException("injected: store down");
            }
            written.add(r.seq());
        }, dir.resolve("spool.jsonl"), Duration.ofMillis(5), Duration.ofMillis(10));
        try {
            writer.append(record(7));
            assertThat(writer.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(writer.failedWrites()).isEqualTo(2);
            assertThat(written).containsExactly(7);
        } finally {
            writer.close();
        }
    }

    @Test
    void whatCannotBeWrittenBeforeCloseIsSpooledAndNoLongerPending() throws Exception {
        Path spool = dir.resolve("execlog").resolve("unwritten.jsonl");
        var writer = new LogWriter(r -> {
            throw new IllegalStateException("injected: store down");
        }, spool, Duration.ofMillis(5), Duration.ofMillis(10));
        writer.append(record(0));
        writer.append(record(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> writer.failedWrites() > 0);
        writer.close(Duration.ofMillis(50));
        assertThat(writer.failedWrites()).isPositive();
        assertThat(writer.pending()).isZero();
        assertThat(writer.written()).isZero();
        List<String> lines = Files.readAllLines(spool);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("\"seq\":0");
        assertThat(lines.get(1)).contains("\"seq\":1");
    }
}
