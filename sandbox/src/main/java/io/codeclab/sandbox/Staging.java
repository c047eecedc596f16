package io.codeclab.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Copies between a caller's directories and the directories a run is given, so that a caller's own tree
 * never reaches the sandbox. A backend makes the code and input trees it is given readable for the sandbox
 * user and hands the output directory to that user for the run; a command run for a person (such as
 * {@code sandbox run --input DIR --output DIR}) therefore stages copies and copies the output back, and
 * every mode and owner of the person's files stays as it was.
 */
public final class Staging {

    private Staging() {
    }

    /**
     * Why {@code dir} cannot receive a run's output (it exists and is not an empty directory), or empty when
     * it is new or empty: output is never written over existing files.
     */
    public static Optional<String> refuseAsOutput(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of(dir + " exists and is not a directory: give a new or empty directory");
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            if (entries.iterator().hasNext()) {
                return Optional.of(dir + " is not empty: give a new or empty directory (nothing in it is overwritten)");
            }
        } catch (IOException e) {
            return Optional.of("cannot list " + dir + ": " + e.getMessage());
        }
        return Optional.empty();
    }

    /**
     * Copies the caller's tree {@code source} (following its links, as the caller could) into the new
     * directory {@code target}: directories 0755 and files 0644, owned by this process, so the sandbox user
     * reads the copy and the source is only read.
     */
    public static void copyIn(Path source, Path target) {
        try {
            Files.walkFileTree(source, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                            Path copy = target.resolve(source.relativize(dir).toString());
                            Files.createDirectory(copy);
                            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwxr-xr-x"));
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                            if (attrs.isRegularFile()) {
                                Path copy = target.resolve(source.relativize(file).toString());
                                Files.copy(file, copy);
                                Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
                            }
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + source + " to " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Copies a run's output {@code runOutput} into {@code target} (created when missing; must be new or
     * empty, see {@link #refuseAsOutput}): directories and regular files only, never following a link, since
     * the program may have planted links to host files. New files get this process's owner and default modes.
     *
     * @return how many entries were left out (links, sockets, pipes, devices)
     */
    public static int copyOut(Path runOutput, Path target) {
        int[] skipped = {0};
        try {
            Files.createDirectories(target);
            Files.walkFileTree(runOutput, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    Path copy = target.resolve(runOutput.relativize(dir).toString());
                    if (!dir.equals(runOutput)) {
                        Files.createDirectory(copy);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (attrs.isRegularFile()) {
                        Files.copy(file, target.resolve(runOutput.relativize(file).toString()), LinkOption.NOFOLLOW_LINKS);
                    } else {
                        skipped[0]++;
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the run's output " + runOutput + " to " + target + ": "
                    + e.getMessage(), e);
        }
        return skipped[0];
    }

    /** Deletes a staged tree (never following links out of it). */
    public static void delete(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root + ": " + e.getMessage(), e);
        }
    }
}
