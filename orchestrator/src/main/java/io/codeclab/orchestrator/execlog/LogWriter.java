package io.codeclab.orchestrator.execlog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.codeclab.orchestrator.app.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes log records on a background thread so that an experiment never waits for, or fails with, its log. A write
 * that fails is retried with growing pauses (up to {@code maxBackoff}) and counted ({@link #failedWrites}); records
 * are written in order. On close, whatever could not be written in the grace period is spooled to a file in the data
 * directory (and logged with its count), and re-queued by the next writer on that directory: never dropped silently.
 */
public final class LogWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LogWriter.class);
    private static final ObjectMapper JSON = Json.mapper();

    /** A record to write, whose session fields may first need a look-up (done here, off the experiment's thread). */
    record Entry(LogRecord record, Supplier<SessionResolver.Session> session) {
        LogRecord resolved() {
            if (session == null) {
                return record;
            }
            var s = session.get();
            return record.withSession(s.sessionId(), s.sessionStage(), s.diff());
        }
    }

    private final Consumer<LogRecord> sink;
    private final Path spool;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final LinkedBlockingDeque<Entry> queue = new LinkedBlockingDeque<>();
    private final AtomicLong failedWrites = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    /**
     * Records queued or being written, counted from append to written (or spooled): one counter, because the
     * queue's size plus a separate in-flight count read 0 in the instant between a poll and the write.
     */
    private final AtomicLong pending = new AtomicLong();
    private final Thread thread;
    private volatile boolean closing;

    /**
     * @param sink  writes one record (throws when it cannot)
     * @param spool where records left at close are kept (and read back from at start); null for none
     */
    public LogWriter(Consumer<LogRecord> sink, Path spool, Duration firstBackoff, Duration maxBackoff) {
        this.sink = sink;
        this.spool = spool;
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
        requeueSpool();
        this.thread = new Thread(this::loop, "execlog-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues a record; never blocks, never throws. */
    public void append(LogRecord record) {
        enqueue(new Entry(record, null));
    }

    void append(LogRecord record, Supplier<SessionResolver.Session> session) {
        enqueue(new Entry(record, session));
    }

    private void enqueue(Entry entry) {
        pending.incrementAndGet();
        queue.add(entry);
    }

    /** Writes that failed (each retry of a record that failed again counts once more). */
    public long failedWrites() {
        return failedWrites.get();
    }

    /** Records written since start. */
    public long written() {
        return written.get();
    }

    /** Records queued or being written. */
    public long pending() {
        return pending.get();
    }

    /** Waits until nothing is pending (for tests and orderly ends); false when {@code timeout} passed first. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (pending() > 0) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    private void loop() {
        while (!closing || !queue.isEmpty()) {
            Entry entry;
            try {
                entry = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (entry == null) {
                continue;
            }
            try {
                writeWithRetries(entry);
            } catch (InterruptedException e) {
                queue.addFirst(entry);
                return;
            }
        }
    }

    private void writeWithRetries(Entry entry) throws InterruptedException {
        long pause = firstBackoff.toMillis();
        while (true) {
            try {
                sink.accept(entry.resolved());
                written.incrementAndGet();
                pending.decrementAndGet();
                return;
            } catch (RuntimeException e) {
                long failures = failedWrites.incrementAndGet();
                LOG.warn("execution log: writing {} failed ({} failed writes so far), retrying in {} ms: {}",
                        entry.record().key(), failures, pause, e.toString());
                if (closing) {
                    throw new InterruptedException("closing");
                }
                Thread.sleep(pause);
                pause = Math.min(maxBackoff.toMillis(), pause * 2);
            }
        }
    }

    private void requeueSpool() {
        if (spool == null || !Files.isRegularFile(spool)) {
            return;
        }
        try {
            var lines = Files.readAllLines(spool, StandardCharsets.UTF_8);
            for (String line : lines) {
                if (!line.isBlank()) {
                    enqueue(new Entry(JSON.readValue(line, LogRecord.class), null));
                }
            }
            Files.delete(spool);
            LOG.info("execution log: {} record(s) left unwritten by an earlier run queued again from {}", lines.size(),
                    spool);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the execution log's spool " + spool
                    + "; move it aside and import it later with analyze-logs import", e);
        }
    }

    /** Stops after writing what can be written within {@code grace}; spools the rest. */
    public void close(Duration grace) {
        try {
            awaitIdle(grace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closing = true;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        var left = new ArrayList<Entry>();
        queue.drainTo(left);
        pending.addAndGet(-left.size());
        if (left.isEmpty()) {
            return;
        }
        if (spool == null) {
            LOG.error("execution log: {} record(s) could not be written and there is no spool file: lost", left.size());
            return;
        }
        try {
            Files.createDirectories(spool.getParent());
            var text = new StringBuilder();
            for (var e : left) {
                // the session look-up may need the store that just failed: keep the record as it is
                text.append(JSON.writeValueAsString(e.record())).append('\n');
            }
            Files.writeString(spool, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            LOG.error("execution log: {} record(s) could not be written; kept in {} and written by the next start",
                    left.size(), spool);
        } catch (IOException e) {
            LOG.error("execution log: {} record(s) could not be written nor spooled to {}: {}", left.size(), spool,
                    e.toString());
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
