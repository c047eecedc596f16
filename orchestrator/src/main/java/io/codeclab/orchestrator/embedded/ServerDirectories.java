package io.codeclab.orchestrator.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/** What starting either embedded server checks first: a usable port number and its data directory. */
final class ServerDirectories {

    private ServerDirectories() {
    }

    /** Validates the port (0: any free one) and creates the data directory of {@code server}. */
    static void prepare(String server, Path dataDirectory, int port) {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0-65535, was " + port);
        }
        try {
            Files.createDirectories(dataDirectory);
        } catch (IOException e) {
            throw new EmbeddedServiceException("cannot create the " + server + " data directory " + dataDirectory, e);
        }
    }
}
