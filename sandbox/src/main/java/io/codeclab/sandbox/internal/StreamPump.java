package io.codeclab.sandbox.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drains one stream of a sandboxed program on its own thread into a {@link TailBuffer}, adding every
 * byte to a counter shared by both streams, and calls {@code onCapExceeded} once when that counter
 * passes the cap. Draining continues after the cap so the program never blocks on a full pipe while
 * it is being killed.
 */
public final class StreamPump {

    private static final int CHUNK = 64 * 1024;

    private final TailBuffer tail;
    private final Thread thread;
    private volatile IOException failure;

    private StreamPump(String name, InputStream in, TailBuffer tail, AtomicLong total, long cap,
                       Runnable onCapExceeded) {
        this.tail = tail;
        this.thread = new Thread(() -> pump(in, total, cap, onCapExceeded), name);
        this.thread.setDaemon(true);
    }

    public static StreamPump start(String name, InputStream in, int tailBytes, AtomicLong total, long cap,
                                   Runnable onCapExceeded) {
        var pump = new StreamPump(name, in, new TailBuffer(tailBytes), total, cap, onCapExceeded);
        pump.thread.start();
        return pump;
    }

    private void pump(InputStream in, AtomicLong total, long cap, Runnable onCapExceeded) {
        byte[] chunk = new byte[CHUNK];
        boolean signalled = false;
        try (in) {
            int n;
            while ((n = in.read(chunk)) > 0) {
                tail.write(chunk, 0, n);
                if (total.addAndGet(n) > cap && !signalled) {
                    signalled = true;
                    onCapExceeded.run();
                }
            }
        } catch (IOException e) {
            failure = e;
        }
    }

    /** Waits until the stream reached its end (the program and all holders of the pipe are gone). */
    public void await(long timeoutMillis) throws InterruptedException {
        thread.join(timeoutMillis);
        if (thread.isAlive()) {
            throw new IllegalStateException("stream " + thread.getName() + " still open " + timeoutMillis
                    + " ms after the sandbox ended");
        }
        if (failure != null) {
            throw new UncheckedIOException("reading " + thread.getName() + " failed", failure);
        }
    }

    public TailBuffer tail() {
        return tail;
    }
}
