package io.codeclab.orchestrator.embedded;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

import org.eclipse.jetty.server.Server;
import org.slf4j.LoggerFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

import software.amazon.dynamodb.services.local.monitoring.Telemetry;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBRequestHandler;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBServerHandler;

/**
 * DynamoDB Local as an HTTP server inside this JVM, its data in one sqlite file under a directory,
 * listening on 127.0.0.1 only, with telemetry off.
 *
 * <p>DynamoDB Local's own server ({@code ServerRunner}, {@code DynamoDBProxyServer}) binds every interface
 * and has no host option, and it is the component that sends telemetry; so this class builds the Jetty
 * server itself around DynamoDB Local's request handler, with a connector bound to the loopback address.
 * The database is shared by all regions ({@code -sharedDb}), and only requests signed with the given
 * credentials' access key id reach it ({@link AccessKeyCheck}): DynamoDB Local itself accepts any signature.
 */
public final class EmbeddedDynamoDb implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EmbeddedDynamoDb.class);

    /** DynamoDB Local's file name in shared-database mode. */
    public static final String DATABASE_FILE = "shared-local-instance.db";
    private static final String DYNAMODB_LOCAL_LOGGER = "software.amazon.dynamodb.services.local";

    private final Server server;
    private final LocalDynamoDBServerHandler handler;
    private final URI endpoint;
    private final Path dataDirectory;
    private final Duration startDuration;

    private EmbeddedDynamoDb(Server server, LocalDynamoDBServerHandler handler, URI endpoint, Path dataDirectory,
                             Duration startDuration) {
        this.server = server;
        this.handler = handler;
        this.endpoint = endpoint;
        this.dataDirectory = dataDirectory;
        this.startDuration = startDuration;
    }

    /** Starts on a free port chosen by the system, serving only requests signed with {@code credentials}. */
    public static EmbeddedDynamoDb start(Path dataDirectory, EmbeddedCredentials credentials) {
        return start(dataDirectory, 0, credentials);
    }

    /**
     * Starts on {@code port} (0: any free port), serving only requests signed with {@code credentials}.
     *
     * @throws EmbeddedServiceException when the directory cannot be used or the port is taken
     */
    public static EmbeddedDynamoDb start(Path dataDirectory, int port, EmbeddedCredentials credentials) {
        Objects.requireNonNull(credentials, "credentials");
        long started = System.nanoTime();
        ServerDirectories.prepare("DynamoDB Local", dataDirectory, port);
        quietenExpectedFailures();
        // Telemetry is only ever configured by DynamoDB Local's own server and embedded factories, which we
        // do not use; this also switches it off should another component in this JVM have configured it.
        Telemetry.configureTelemetry("MAVEN", "SHARED_DB", false);
        LocalDynamoDBServerHandler handler;
        try {
            var requests = new LocalDynamoDBRequestHandler(0, false, dataDirectory.toAbsolutePath().toString(), true, false);
            handler = new LocalDynamoDBServerHandler(requests, null);
        } catch (Exception e) {
            throw new EmbeddedServiceException("DynamoDB Local could not open its database in " + dataDirectory, e);
        }
        var server = new Server();
        var connector = new ServerConnector(server);
        connector.setHost(EmbeddedServices.LOOPBACK);
        connector.setPort(port);
        server.addConnector(connector);
        var context = new ContextHandler();
        context.setHandler(new AccessKeyCheck(credentials, handler));
        server.setHandler(new ContextHandlerCollection(context));
        // No graceful stop: idle keep-alive connections of clients would hold it up to the timeout and then fail it.
        server.setStopTimeout(0);
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server, handler, e);
            throw new EmbeddedServiceException("DynamoDB Local could not listen on " + EmbeddedServices.LOOPBACK + ":"
                    + port + (port == 0 ? "" : " (is the port taken?)"), e);
        }
        var endpoint = URI.create("http://" + EmbeddedServices.LOOPBACK + ":" + connector.getLocalPort());
        return new EmbeddedDynamoDb(server, handler, endpoint, dataDirectory,
                Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * DynamoDB Local logs every failed condition, an expected outcome of conditional writes, as a WARN with a
     * stack trace. Unless logging is configured for it, only its errors are kept.
     */
    private static void quietenExpectedFailures() {
        if (LoggerFactory.getLogger(DYNAMODB_LOCAL_LOGGER) instanceof ch.qos.logback.classic.Logger logger
                && logger.getLevel() == null) {
            logger.setLevel(ch.qos.logback.classic.Level.ERROR);
        }
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

    /** How long {@link #start} took, for the start-up log line and benchmarks. */
    public Duration startDuration() {
        return startDuration;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (java.util.concurrent.TimeoutException e) {
            // Jetty's graceful phase timed out on a keep-alive connection (the JDK's HTTP client caches them
            // beyond the SDK client's close); the server still stops, and every write is already on disk.
            LOG.debug("DynamoDB Local on {}: graceful stop timed out; connections were closed", endpoint);
        } catch (Exception e) {
            throw new EmbeddedServiceException("DynamoDB Local on " + endpoint + " did not stop cleanly", e);
        } finally {
            handler.close();
        }
    }

    private static void stopQuietly(Server server, LocalDynamoDBServerHandler handler, Exception primary) {
        try {
            server.stop();
        } catch (Exception e) {
            primary.addSuppressed(e);
        }
        handler.close();
    }
}
