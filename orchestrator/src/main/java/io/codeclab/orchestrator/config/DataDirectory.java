package io.codeclab.orchestrator.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

/**
 * The data directory: created owner-only (0700), and never where the sandbox can see it.
 *
 * <p>Where it must not be: under a host path that the bwrap sandbox binds into every sandbox
 * ({@code /usr} and the merged-/usr links {@code /bin}, {@code /sbin}, {@code /lib*}, read-only, and
 * entries of {@code /etc}). There, untrusted candidate code could read what the data directory holds: the
 * embedded stores' credentials and data, other candidates' code, the champion. The Docker backend binds only
 * each run's own code, input and output directories, so this list is bwrap's.
 */
public final class DataDirectory {

    /** Host paths visible inside the bwrap sandbox (see {@code BwrapCommandLine}). */
    public static final List<Path> SANDBOX_VISIBLE = List.of(Path.of("/usr"), Path.of("/etc"), Path.of("/bin"),
            Path.of("/sbin"), Path.of("/lib"), Path.of("/lib32"), Path.of("/lib64"), Path.of("/libx32"));

    private DataDirectory() {
    }

    /**
     * Refuses a data directory under {@link #SANDBOX_VISIBLE}, as given or once symbolic links are resolved
     * (as far as the path exists yet).
     *
     * @throws ConfigException naming the setting, the path and where to put it instead
     */
    public static void check(String setting, Path dataDir) {
        Path absolute = dataDir.toAbsolutePath().normalize();
        var inside = visibleAncestor(absolute).or(() -> visibleAncestor(resolveExisting(absolute)));
        if (inside.isPresent()) {
            throw new ConfigException(setting + "=" + dataDir + " lies under " + inside.get() + ", which the bwrap "
                    + "sandbox binds into every sandbox: untrusted code could read the stores' credentials and data "
                    + "there. Choose a directory outside " + SANDBOX_VISIBLE + " (for example /var/lib/codec-lab)");
        }
    }

    /**
     * Creates {@code dataDir} (and missing parents) with mode 0700 when it does not exist. An existing directory
     * is left as it is: it may be one the user chose and shares.
     *
     * @throws ConfigException when it cannot be created
     */
    public static void create(Path dataDir) {
        if (Files.isDirectory(dataDir)) {
            return;
        }
        try {
            Files.createDirectories(dataDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new ConfigException("cannot create the data directory " + dataDir + " (" + e + "); set "
                    + CodecLabConfig.DATA_DIR + " to a directory this user may create", e);
        }
    }

    private static Optional<Path> visibleAncestor(Path absolute) {
        return SANDBOX_VISIBLE.stream().filter(absolute::startsWith).findFirst();
    }

    /** The real path of the longest existing prefix, with the rest appended: where the directory would be. */
    private static Path resolveExisting(Path absolute) {
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(absolute)).normalize();
        } catch (IOException e) {
            return absolute;
        }
    }
}
