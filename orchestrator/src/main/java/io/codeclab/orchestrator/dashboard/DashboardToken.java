package io.codeclab.orchestrator.dashboard;

import io.codeclab.orchestrator.config.CodecLabConfig;
import io.codeclab.orchestrator.config.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's token: {@code CODEC_LAB_DASHBOARD_TOKEN}, or one drawn once and kept in
 * {@code <data dir>/}{@value #FILE} (0600) so that it survives restarts. The token itself is never logged.
 */
public final class DashboardToken {

    public static final String FILE = "dashboard-token";
    static final int MIN_LENGTH = 16;
    private static final Logger LOG = LoggerFactory.getLogger(DashboardToken.class);

    private DashboardToken() {
    }

    public static String of(CodecLabConfig config) {
        var configured = config.dashboardToken();
        if (configured.isPresent()) {
            if (configured.get().length() < MIN_LENGTH) {
                throw new ConfigException(CodecLabConfig.DASHBOARD_TOKEN + " must have at least " + MIN_LENGTH
                        + " characters, has " + configured.get().length() + ": choose a longer one, or unset it to have one drawn");
            }
            return configured.get();
        }
        Path file = config.dataDir().resolve(FILE);
        try {
            if (!Files.exists(file)) {
                Files.writeString(Files.createFile(file, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------"))), DashboardAccess.randomToken());
            }
            LOG.info("dashboard token: none configured ({}), using the one in {}", CodecLabConfig.DASHBOARD_TOKEN, file);
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the dashboard token in " + file + "; set "
                    + CodecLabConfig.DASHBOARD_TOKEN + " instead", e);
        }
    }
}
