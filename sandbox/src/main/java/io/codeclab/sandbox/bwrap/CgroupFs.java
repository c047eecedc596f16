package io.codeclab.sandbox.bwrap;

import io.codeclab.sandbox.SandboxException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Small file operations on cgroup filesystems, shared by v1 and v2. */
final class CgroupFs {

    /** Run cgroups are named {@code run-<jvm pid>-<n>} so a later process can tell whose they are. */
    static final Pattern RUN_NAME = Pattern.compile("run-(\\d+)-\\d+");

    private CgroupFs() {
    }

    static void write(Path file, String value) {
        try {
            Files.writeString(file, value, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new SandboxException("cannot write '" + value + "' to " + file + ": " + e.getMessage(), e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new SandboxException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static long readLong(Path file) {
        return Long.parseLong(read(file));
    }

    /** The value of {@code key} in a flat-keyed file such as memory.events or cpu.stat. */
    static Optional<Long> readKeyed(Path file, String key) {
        for (String line : read(file).split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 2 && parts[0].equals(key)) {
                return Optional.of(Long.parseLong(parts[1]));
            }
        }
        return Optional.empty();
    }

    static List<Long> readPids(Path procsFile) {
        if (!Files.exists(procsFile)) {
            return List.of();
        }
        var pids = new ArrayList<Long>();
        for (String line : read(procsFile).split("\n")) {
            if (!line.isBlank()) {
                pids.add(Long.parseLong(line.trim()));
            }
        }
        return pids;
    }

    static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new SandboxException("cannot create cgroup " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Creates a run's cgroup, failing if it exists already: two runs must never share one. */
    static void mkdirNew(Path dir) {
        try {
            Files.createDirectories(dir.getParent());
            Files.createDirectory(dir);
        } catch (IOException e) {
            throw new SandboxException("cannot create cgroup " + dir + ": " + e, e);
        }
    }

    /**
     * Removes an empty cgroup directory, retrying briefly because the kernel keeps it busy until the
     * last killed task has been reaped.
     */
    static void rmdir(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        IOException last = null;
        for (int attempt = 0; attempt < 100; attempt++) {
            try {
                Files.deleteIfExists(dir);
                return;
            } catch (IOException e) {
                last = e;
                sleepMillis(10);
            }
        }
        throw new SandboxException("cannot remove cgroup " + dir + ": " + last, last);
    }

    /** Removes a cgroup directory only if no process and no child is in it; true when it is gone. */
    static boolean rmdirIfUnused(Path dir) {
        try {
            Files.deleteIfExists(dir);
            return true;
        } catch (DirectoryNotEmptyException e) {
            return false;
        } catch (IOException e) {
            // EBUSY (processes inside) arrives as a plain FileSystemException: the cgroup is in use.
            return false;
        }
    }

    /** Run cgroups under {@code parent} whose creating process is no longer alive. */
    static List<Path> staleRuns(Path parent) {
        if (!Files.isDirectory(parent)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(parent)) {
            return children.filter(Files::isDirectory).filter(p -> {
                var m = RUN_NAME.matcher(p.getFileName().toString());
                return m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty();
            }).toList();
        } catch (IOException e) {
            throw new SandboxException("cannot list " + parent + ": " + e.getMessage(), e);
        }
    }

    static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while waiting for a cgroup", e);
        }
    }

    static void killPids(List<Long> pids) {
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
