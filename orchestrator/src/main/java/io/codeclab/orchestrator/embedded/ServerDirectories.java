package io.codeclab.orchestrator.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;

/** What starting either embedded server checks first: a usable port number and its data directory. */
final class ServerDirectories {

    private ServerDirectories() {
    }

    /** rwx for the owner only: what the stores hold is the owner's alone. */
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    /**
     * Validates the port (0: any free one) and creates the data directory of {@code server}, mode 0700 (and
     * so are any parents it creates); an existing one of ours is narrowed to 0700.
     */
    static void prepare(String server, Path dataDirectory, int port) {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0-65535, was " + port);
        }
        try {
            createOwnerOnly(dataDirectory);
        } catch (IOException e) {
            throw new EmbeddedServiceException("cannot create the " + server + " data directory " + dataDirectory, e);
        }
    }

    /**
     * Creates {@code dir} and its missing parents with mode 0700. When {@code dir} exists and belongs to this
     * process's user, its mode becomes 0700 (it holds what only the owner may read); another user's directory
     * is left alone, and then the descriptor's own 0600 mode still applies.
     */
    static void createOwnerOnly(Path dir) throws IOException {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        var attributes = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
        if (attributes != null && !attributes.readAttributes().permissions().equals(OWNER_ONLY)
                && Files.getOwner(dir).equals(Files.getOwner(Path.of("/proc/self")))) {
            attributes.setPermissions(OWNER_ONLY);
        }
    }
}
