package io.codeclab.orchestrator.embedded;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.codeclab.orchestrator.embedded.EmbeddedServices.Descriptor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The owner's advertisement, {@code embedded.json}: written atomically and 0600 (it holds the credentials),
 * read by joiners, and whether what it advertises is still served.
 */
final class DescriptorFile {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private DescriptorFile() {
    }

    static Optional<Descriptor> read(Path dir) {
        try {
            var d = JSON.readValue(Files.readAllBytes(dir.resolve(EmbeddedServices.DESCRIPTOR_FILE)), Descriptor.class);
            // A descriptor without credentials is from a version whose stores took fixed ones: not joinable.
            return d.credentials() == null || d.dynamoDbEndpoint() == null || d.s3Endpoint() == null
                    ? Optional.empty() : Optional.of(d);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            // Half-written or foreign content: treated as absent; the owner rewrites it atomically.
            return Optional.empty();
        }
    }

    static void write(Path dir, Descriptor descriptor) {
        var target = dir.resolve(EmbeddedServices.DESCRIPTOR_FILE);
        var temp = dir.resolve(EmbeddedServices.DESCRIPTOR_FILE + ".tmp");
        try {
            // Created 0600 before a byte of the credentials is in it (a left-over temp file might be wider).
            Files.deleteIfExists(temp);
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(descriptor));
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new EmbeddedServiceException("cannot write " + target, e);
        }
    }

    static boolean isLive(Descriptor d) {
        return ProcessHandle.of(d.ownerPid()).map(ProcessHandle::isAlive).orElse(false)
                && accepts(d.dynamoDbEndpoint()) && accepts(d.s3Endpoint());
    }

    private static boolean accepts(URI endpoint) {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
