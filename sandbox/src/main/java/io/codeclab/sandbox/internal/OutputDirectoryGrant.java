package io.codeclab.sandbox.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;

/**
 * Makes a run's output directory writable for the sandbox user and takes that back afterwards. As root
 * the tree is handed to 65534 and returned to its owner; otherwise (a Docker user without root) the
 * directory is opened to others for the run and closed again, and the files stay the sandbox user's.
 */
public final class OutputDirectoryGrant implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutputDirectoryGrant.class);

    private final Path dir;
    private final int[] owner;
    private final boolean asRoot;

    private OutputDirectoryGrant(Path dir, int[] owner, boolean asRoot) {
        this.dir = dir;
        this.owner = owner;
        this.asRoot = asRoot;
    }

    public static OutputDirectoryGrant grant(Path dir) {
        int[] owner = HostDirectories.owner(dir);
        boolean asRoot = HostDirectories.effectiveUid() == 0;
        if (asRoot) {
            HostDirectories.chownTree(dir, HostDirectories.SANDBOX_UID, HostDirectories.SANDBOX_GID);
        } else {
            setOthersWrite(dir, true);
        }
        return new OutputDirectoryGrant(dir, owner, asRoot);
    }

    private static void setOthersWrite(Path dir, boolean allowed) {
        try {
            var perms = EnumSet.copyOf(Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS));
            var others = EnumSet.of(PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
                    PosixFilePermission.OTHERS_EXECUTE);
            if (allowed) {
                perms.addAll(others);
            } else {
                perms.remove(PosixFilePermission.OTHERS_WRITE);
            }
            Files.setPosixFilePermissions(dir, perms);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot change the permissions of " + dir, e);
        }
    }

    /** Gives the directory back; a failure is logged, since the run's result stands either way. */
    @Override
    public void close() {
        try {
            if (asRoot) {
                HostDirectories.chownTree(dir, owner[0], owner[1]);
            } else {
                setOthersWrite(dir, false);
            }
        } catch (UncheckedIOException e) {
            LOG.error("cannot give {} back to {}:{}: {}", dir, owner[0], owner[1], e.getMessage());
        }
    }
}
