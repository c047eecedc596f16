package io.codeclab.orchestrator.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonLockTest {

    @TempDir
    Path dataDir;

    @Test
    void theSecondLockOnADirectoryIsRefusedNamingTheHolderAndFreedOnClose() throws Exception {
        long pid = ProcessHandle.current().pid();
        try (var lock = DaemonLock.acquire(dataDir)) {
            assertThat(lock.file()).isEqualTo(dataDir.resolve("daemon.lock"));
            assertThat(Files.readString(lock.file())).startsWith("pid=" + pid + "\nhost=");
            assertThatThrownBy(() -> DaemonLock.acquire(dataDir))
                    .isInstanceOf(DaemonLockedException.class)
                    .hasMessageStartingWith("another codec-lab daemon (pid " + pid + " on ")
                    .hasMessageContaining("is running on the data directory " + dataDir)
                    .hasMessageEndingWith("stop it first, or give this daemon its own CODEC_LAB_DATA_DIR")
                    .satisfies(e -> assertThat(((DaemonLockedException) e).holder()).startsWith("pid " + pid + " on "));
        }
        try (var again = DaemonLock.acquire(dataDir)) {
            assertThat(again.file()).exists();
        }
    }

    @Test
    void locksOnDifferentDirectoriesAreIndependentAndTheDirectoryIsCreated() {
        try (var a = DaemonLock.acquire(dataDir.resolve("host-a")); var b = DaemonLock.acquire(dataDir.resolve("host-b"))) {
            assertThat(a.file()).isNotEqualTo(b.file());
            assertThat(dataDir.resolve("host-a/daemon.lock")).isRegularFile();
        }
    }

    @Test
    void aLockFileWithoutAPidYetSaysSo() throws Exception {
        // Another process created the file but has not written it yet: the holder is still named generically.
        try (var lock = DaemonLock.acquire(dataDir)) {
            Files.writeString(lock.file(), "");
            assertThatThrownBy(() -> DaemonLock.acquire(dataDir)).isInstanceOf(DaemonLockedException.class)
                    .hasMessageContaining("(a process that has not written its pid yet)");
        }
    }
}
