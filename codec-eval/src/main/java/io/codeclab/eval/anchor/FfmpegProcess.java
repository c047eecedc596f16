package io.codeclab.eval.anchor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** Runs one trusted ffmpeg child process: feeds stdin, collects stdout, keeps a tail of stderr, enforces a timeout. */
final class FfmpegProcess {

    private static final int STDERR_TAIL = 8192;

    /** Writes the standard input of the process; may throw IOException (a broken pipe when ffmpeg fails early). */
    interface StdinWriter {
        void write(OutputStream out) throws IOException;
    }

    private FfmpegProcess() {
    }

    /** Runs {@code command}; returns its standard output; fails with the stderr tail on a non-zero exit. */
    static byte[] run(List<String> command, StdinWriter stdin, Duration timeout) {
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new AnchorException("cannot start " + command.get(0) + " (" + e.getMessage()
                    + "); install it with: apt-get install -y ffmpeg", e);
        }
        var stdout = new ByteArrayOutputStream();
        var stderr = new ByteArrayOutputStream();
        var stdinFailure = new AtomicReference<IOException>();
        Thread outReader = drain(process.getInputStream(), stdout, Integer.MAX_VALUE, "ffmpeg-stdout");
        Thread errReader = drain(process.getErrorStream(), stderr, STDERR_TAIL, "ffmpeg-stderr");
        Thread writer = new Thread(() -> {
            try (OutputStream out = process.getOutputStream()) {
                if (stdin != null) {
                    stdin.write(out);
                }
            } catch (IOException e) {
                stdinFailure.set(e);
            }
        }, "ffmpeg-stdin");
        writer.setDaemon(true);
        writer.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new AnchorException("ffmpeg did not finish within " + timeout + ": " + String.join(" ", command));
            }
            writer.join(TimeUnit.SECONDS.toMillis(10));
            outReader.join(TimeUnit.SECONDS.toMillis(10));
            errReader.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AnchorException("interrupted while running ffmpeg", e);
        }
        int exit = process.exitValue();
        String errText;
        synchronized (stderr) {
            errText = stderr.toString(StandardCharsets.UTF_8).strip();
        }
        if (exit != 0) {
            throw new AnchorException("ffmpeg exited with " + exit + ": " + String.join(" ", command)
                    + (errText.isEmpty() ? "" : "\n" + errText));
        }
        if (stdinFailure.get() != null) {
            throw new AnchorException("feeding frames to ffmpeg failed: " + stdinFailure.get().getMessage()
                    + (errText.isEmpty() ? "" : "\n" + errText), stdinFailure.get());
        }
        synchronized (stdout) {
            return stdout.toByteArray();
        }
    }

    /** Copies a stream on a daemon thread; beyond {@code keep} bytes only the most recent ones stay. */
    private static Thread drain(InputStream in, ByteArrayOutputStream sink, int keep, String name) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[1 << 16];
            try (in) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    synchronized (sink) {
                        sink.write(buf, 0, n);
                        if (sink.size() > 2 * keep && keep < Integer.MAX_VALUE / 2) {
                            byte[] all = sink.toByteArray();
                            sink.reset();
                            sink.write(all, all.length - keep, keep);
                        }
                    }
                }
            } catch (IOException e) {
                // The process died or was killed; its exit status reports what went wrong.
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
