package io.codeclab.orchestrator.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One daemon per data directory and host: an exclusive OS lock on {@code daemon.lock} in the data directory,
 * held for the daemon's life and released by the OS when the process dies (a kill -9 leaves no stale lock).
 * The file also says who holds it (pid, host, since when), for the refusal message of the next daemon.
 *
 * <p>The lock is per host: data directories on a shared file system are not supported. Several hosts share
 * work through the store (leases, conditional writes), each with its own data directory.
 */
public final class DaemonLock implements AutoCloseable {

    public static final String FILE_NAME = "daemon.lock";

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private DaemonLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code dataDir} (created if missing) and records this process in it.
     *
     * @throws DaemonLockedException when another daemon holds it
     */
    public static DaemonLock acquire(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        FileChannel channel = null;
        try {
            Files.createDirectories(dataDir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this very JVM (a test, or a second daemon started in-process)
            }
            if (lock == null) {
                String holder = holder(channel);
                channel.close();
                throw DaemonLockedException.create(dataDir, file, holder);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid=" + ProcessHandle.current().pid() + "\nhost=" + hostName()
                    + "\nsince=" + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new DaemonLock(file, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel, e);
            throw new UncheckedIOException("cannot take the daemon lock " + file + ": " + e.getMessage()
                    + "; check that the data directory is writable", e);
        }
    }

    public Path file() {
        return file;
    }

    /** Who the file names as holder, e.g. {@code pid 1234 on host-a since 2026-12-01T23:00:00Z}. */
    private static String holder(FileChannel channel) throws IOException {
        var buffer = ByteBuffer.allocate(4096);
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        String pid = field(text, "pid");
        if (pid == null) {
            return "a process that has not written its pid yet";
        }
        String host = field(text, "host");
        String since = field(text, "since");
        return "pid " + pid + (host == null ? "" : " on " + host) + (since == null ? "" : " since " + since);
    }

    private static String field(String text, String name) {
        return text.lines().filter(l -> l.startsWith(name + "=")).map(l -> l.substring(name.length() + 1).trim())
                .findFirst().orElse(null);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }

    private static void closeQuietly(FileChannel channel, IOException cause) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                cause.addSuppressed(e);
            }
        }
    }

    /** Releases the lock; the file stays (the next daemon overwrites it). */
    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the daemon lock " + file, e);
        }
    }
}
