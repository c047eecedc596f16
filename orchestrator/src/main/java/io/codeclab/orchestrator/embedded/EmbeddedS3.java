package io.codeclab.orchestrator.embedded;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;


/**
 * An S3-compatible server (s3proxy) inside this JVM, storing objects as files under a directory (one
 * sub-directory per bucket), listening on 127.0.0.1 only, accepting only requests signed (AWS v2 or v4
 * signatures, checked in full by s3proxy) with the credentials it was started with.
 *
 * <p>Requests for server-side encryption (SSE-S3) are accepted and the objects stored as plain files:
 * s3proxy's filesystem store would answer 501, yet the artifact store asks for SSE on every put, as it
 * must on AWS. Encryption at rest of the local data directory is the host's business (disk encryption).
 */
public final class EmbeddedS3 implements AutoCloseable {

    private final S3Proxy proxy;
    private final URI endpoint;
    private final Path dataDirectory;
    private final Duration startDuration;

    private EmbeddedS3(S3Proxy proxy, URI endpoint, Path dataDirectory, Duration startDuration) {
        this.proxy = proxy;
        this.endpoint = endpoint;
        this.dataDirectory = dataDirectory;
        this.startDuration = startDuration;
    }

    public static EmbeddedS3 start(Path dataDirectory, EmbeddedCredentials credentials) {
        return start(dataDirectory, 0, credentials);
    }

    /**
     * Starts on {@code port} (0: any free port), serving only requests signed with {@code credentials}.
     *
     * @throws EmbeddedServiceException when the directory cannot be used or the port is taken
     */
    public static EmbeddedS3 start(Path dataDirectory, int port, EmbeddedCredentials credentials) {
        Objects.requireNonNull(credentials, "credentials");
        long started = System.nanoTime();
        ServerDirectories.prepare("S3", dataDirectory, port);
        var proxy = S3Proxy.builder()
                .blobStore(new SseAcceptingBlobStore(new FilesystemNio2BlobStore(dataDirectory.toAbsolutePath().toString())))
                .endpoint(URI.create("http://" + EmbeddedServices.LOOPBACK + ":" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, credentials.accessKeyId(), credentials.secretAccessKey())
                // No graceful stop, as for DynamoDB Local: the JDK keeps the SDK client's idle keep-alive connections
                // beyond its close, and Jetty waited for them, about 2 s at the end of every command.
                .stopTimeout(0)
                .build();
        try {
            proxy.start();
        } catch (Exception e) {
            try {
                proxy.stop();
            } catch (Exception stop) {
                e.addSuppressed(stop);
            }
            throw new EmbeddedServiceException("the embedded S3 server could not listen on " + EmbeddedServices.LOOPBACK
                    + ":" + port + (port == 0 ? "" : " (is the port taken?)"), e);
        }
        var endpoint = URI.create("http://" + EmbeddedServices.LOOPBACK + ":" + proxy.getPort());
        return new EmbeddedS3(proxy, endpoint, dataDirectory, Duration.ofNanos(System.nanoTime() - started));
    }

    public URI endpoint() {
        return endpoint;
    }

    public int port() {
        return endpoint.getPort();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public Duration startDuration() {
        return startDuration;
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new EmbeddedServiceException("the embedded S3 server on " + endpoint + " did not stop cleanly", e);
        }
    }

    /** Lets SSE headers through to a store that keeps files unencrypted (see the class comment). */
    private static final class SseAcceptingBlobStore extends ForwardingBlobStore {
        SseAcceptingBlobStore(BlobStore delegate) {
            super(delegate);
        }

        @Override
        public boolean supportsServerSideEncryption() {
            return true;
        }
    }
}
