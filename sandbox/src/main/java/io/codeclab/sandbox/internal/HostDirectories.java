package io.codeclab.sandbox.internal;

import io.codeclab.sandbox.SandboxTask;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.stream.Stream;

/**
 * Prepares host directories for a sandboxed program running as an unprivileged user, and measures
 * what it wrote. Never follows symbolic links: the program may plant links to host files in
 * {@code /output}.
 */
public final class HostDirectories {

    /** The user and group sandboxed programs run as ({@code nobody:nogroup}). */
    public static final int SANDBOX_UID = 65534;
    public static final int SANDBOX_GID = 65534;

    private HostDirectories() {
    }

    /**
     * Readies a task's directories for the sandbox user: code and input readable (see
     * {@link #makeReadableByOthers}), the output directory granted until the returned grant is closed.
     */
    public static OutputDirectoryGrant prepareFor(SandboxTask task) {
        makeReadableByOthers(task.codeDir());
        task.inputDir().ifPresent(HostDirectories::makeReadableByOthers);
        return OutputDirectoryGrant.grant(task.outputDir());
    }

    /**
     * Adds read (files) and read+search (directories) permission for others on the whole tree, so the
     * sandbox user can read code and input. Only ever adds bits.
     */
    public static void makeReadableByOthers(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.forEach(p -> {
                try {
                    if (Files.isSymbolicLink(p)) {
                        return;
                    }
                    var perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
                    var wanted = EnumSet.copyOf(perms);
                    wanted.add(PosixFilePermission.OTHERS_READ);
                    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                        wanted.add(PosixFilePermission.OTHERS_EXECUTE);
                    }
                    if (!wanted.equals(perms)) {
                        Files.setPosixFilePermissions(p, wanted);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot make " + p + " readable for the sandbox user", e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot walk " + root, e);
        }
    }

    /** The effective uid of this process (the owner of /proc/self). */
    public static int effectiveUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the owner of /proc/self", e);
        }
    }

    /** The numeric owner of a path as {uid, gid}. */
    public static int[] owner(Path path) {
        try {
            int uid = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            int gid = (Integer) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS);
            return new int[] {uid, gid};
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the owner of " + path, e);
        }
    }

    /** Changes the owner of the whole tree (links themselves, never their targets). */
    public static void chownTree(Path root, int uid, int gid) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    chown(dir, uid, gid);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    chown(file, uid, gid);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot change the owner of " + root + " to " + uid + ":" + gid, e);
        }
    }

    private static void chown(Path p, int uid, int gid) throws IOException {
        Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Bytes in the tree (regular files' sizes, not following links), stopping early once past
     * {@code stopAbove} so that a program creating millions of files cannot make this slow for long.
     */
    public static long sizeUpTo(Path root, long stopAbove) {
        return usageUpTo(root, stopAbove, Long.MAX_VALUE).bytes();
    }

    /** Bytes (of regular files) and entries (files, directories, links... below the root) of a tree. */
    public record Usage(long bytes, long entries) {
    }

    /**
     * Bytes and entries in the tree (not following links), stopping early once past either bound, so
     * that a program creating millions of files cannot make this slow: at most {@code stopAboveEntries}
     * + 1 entries are visited.
     */
    public static Usage usageUpTo(Path root, long stopAboveBytes, long stopAboveEntries) {
        long[] bytesAndEntries = {0, 0};
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (dir.equals(root)) {
                        return FileVisitResult.CONTINUE;
                    }
                    bytesAndEntries[1]++;
                    return bytesAndEntries[1] > stopAboveEntries ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        bytesAndEntries[0] += attrs.size();
                    }
                    bytesAndEntries[1]++;
                    return bytesAndEntries[0] > stopAboveBytes || bytesAndEntries[1] > stopAboveEntries
                            ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                    // Files come and go while the program runs; a vanished one holds no bytes.
                    if (exc instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw exc;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure " + root, e);
        }
        return new Usage(bytesAndEntries[0], bytesAndEntries[1]);
    }
}
