package io.codeclab.orchestrator.daemon;

import java.nio.file.Path;

/** Another daemon holds the lock of this data directory: this one must not start. */
public final class DaemonLockedException extends RuntimeException {

    private final String holder;

    private DaemonLockedException(String message, String holder) {
        super(message);
        this.holder = holder;
    }

    static DaemonLockedException create(Path dataDir, Path file, String holder) {
        return new DaemonLockedException("another codec-lab daemon (" + holder + ") is running on the data directory "
                + dataDir + " (lock " + file + "): stop it first, or give this daemon its own CODEC_LAB_DATA_DIR",
                holder);
    }

    /** Who holds the lock, as its file says: {@code pid 1234 on host-a since ...}. */
    public String holder() {
        return holder;
    }
}
