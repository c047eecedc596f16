package io.codeclab.sandbox.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class HostDirectoriesTest {

    @TempDir
    Path dir;

    @Test
    void makesTreeReadableByOthersOnlyAddingBits() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("a/b"));
        Path file = Files.writeString(sub.resolve("f.py"), "x");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rwx------"));

        HostDirectories.makeReadableByOthers(dir);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw----r--");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sub))).isEqualTo("rwx---r-x");
    }

    @Test
    void sizeCountsRegularFilesAndIgnoresLinkTargets() throws Exception {
        Files.write(dir.resolve("a"), new byte[1000]);
        Files.createDirectories(dir.resolve("d"));
        Files.write(dir.resolve("d/b"), new byte[24]);
        Path big = Files.write(Files.createTempFile("big", ".bin"), new byte[100_000]);
        try {
            Files.createSymbolicLink(dir.resolve("link"), big);
            assertThat(HostDirectories.sizeUpTo(dir, Long.MAX_VALUE)).isEqualTo(1024);
        } finally {
            Files.delete(big);
        }
    }

    @Test
    void sizeStopsEarlyPastTheLimit() throws Exception {
        for (int i = 0; i < 50; i++) {
            Files.write(dir.resolve("f" + i), new byte[100]);
        }
        long size = HostDirectories.sizeUpTo(dir, 250);
        assertThat(size).isGreaterThan(250).isLessThan(5000);
    }

    @Test
    void usageCountsFilesDirectoriesAndLinksButNotTheRoot() throws Exception {
        Files.write(dir.resolve("a"), new byte[10]);
        Path sub = Files.createDirectories(dir.resolve("d/e"));
        Files.write(sub.resolve("b"), new byte[5]);
        Files.createSymbolicLink(dir.resolve("link"), Path.of("/etc/passwd"));

        var usage = HostDirectories.usageUpTo(dir, Long.MAX_VALUE, Long.MAX_VALUE);

        // a, d, d/e, d/e/b, link
        assertThat(usage).isEqualTo(new HostDirectories.Usage(15, 5));
    }

    @Test
    void usageStopsOnePastTheEntryBound() throws Exception {
        for (int i = 0; i < 500; i++) {
            Files.createFile(dir.resolve("f" + i));
        }
        var usage = HostDirectories.usageUpTo(dir, Long.MAX_VALUE, 100);
        assertThat(usage.entries()).isEqualTo(101);
        assertThat(usage.bytes()).isZero();
    }
}
