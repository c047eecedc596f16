package io.codeclab.orchestrator.embedded;

import io.codeclab.orchestrator.embedded.EmbeddedServices.Descriptor;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The servers and the lock of the owning process: how it becomes the owner, and how it stops being one. */
record Ownership(Descriptor descriptor, EmbeddedDynamoDb dynamoDb, EmbeddedS3 s3, FileChannel channel, FileLock lock) {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServices.class);

    /**
     * Takes the lock and starts the servers, or returns empty when another process holds the lock.
     *
     * <p>A takeover ({@code known}: what a joiner's clients use) starts on exactly those ports with those
     * credentials, or fails (freeing the lock) when a port is taken. A fresh start prefers the ports and
     * credentials a crashed owner left in the descriptor (joiners of that owner may still hold them), taking
     * free ports when those are taken; with no descriptor it draws new credentials.
     */
    static Optional<Ownership> tryToOwn(Path dir, Optional<Descriptor> known) {
        var lockFile = dir.resolve(EmbeddedServices.LOCK_FILE);
        FileChannel channel;
        FileLock lock;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new EmbeddedServiceException("cannot open the lock file " + lockFile, e);
        }
        try {
            lock = channel.tryLock();
        } catch (IOException | OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new EmbeddedServiceException("cannot lock " + lockFile, e);
        }
        if (lock == null) {
            closeQuietly(channel);
            return Optional.empty();
        }
        EmbeddedDynamoDb dynamoDb = null;
        EmbeddedS3 s3 = null;
        try {
            boolean takeover = known.isPresent();
            var previous = known.or(() -> DescriptorFile.read(dir));
            var credentials = previous.map(Descriptor::credentials).orElseGet(EmbeddedCredentials::random);
            // Both servers spend their start loading classes: start them side by side.
            var s3Start = CompletableFuture.supplyAsync(() -> startPreferring(
                    previous.map(d -> d.s3Endpoint().getPort()).orElse(0), takeover,
                    port -> EmbeddedS3.start(dir.resolve(EmbeddedServices.S3_DIRECTORY), port, credentials)));
            try {
                dynamoDb = startPreferring(previous.map(d -> d.dynamoDbEndpoint().getPort()).orElse(0), takeover,
                        port -> EmbeddedDynamoDb.start(dir.resolve(EmbeddedServices.DYNAMODB_DIRECTORY), port, credentials));
            } finally {
                s3 = joinStart(s3Start);
            }
            var descriptor = new Descriptor(ProcessHandle.current().pid(), dynamoDb.endpoint(), s3.endpoint(),
                    Instant.now(), credentials);
            DescriptorFile.write(dir, descriptor);
            return Optional.of(new Ownership(descriptor, dynamoDb, s3, channel, lock));
        } catch (RuntimeException e) {
            closeAll(e, dynamoDb, s3);
            closeQuietly(channel); // frees the lock
            throw e;
        }
    }

    private static EmbeddedS3 joinStart(CompletableFuture<EmbeddedS3> start) {
        try {
            return start.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new EmbeddedServiceException("the embedded S3 server did not start", e.getCause());
        }
    }

    private interface Starter<T> {
        T start(int port);
    }

    /** Starts on {@code preferredPort}; when it is taken, on any free port unless {@code required}. */
    private static <T> T startPreferring(int preferredPort, boolean required, Starter<T> starter) {
        if (preferredPort > 0) {
            try {
                return starter.start(preferredPort);
            } catch (EmbeddedServiceException portTaken) {
                if (required) {
                    throw new EmbeddedServiceException("cannot take over on port " + preferredPort
                            + ", which this process's clients use: it is taken (by another process?); not moving"
                            + " to another port, so that no request goes to whoever holds it", portTaken);
                }
                LOG.info("Port {} of the previous owner is not available ({}); using a free port", preferredPort,
                        portTaken.getMessage());
            }
        }
        return starter.start(0);
    }

    /** Stops the servers, withdraws the descriptor and frees the lock (a joiner then takes over). */
    void stop(Path dataDirectory) {
        var failure = new EmbeddedServiceException("stopping the embedded services of " + dataDirectory + " failed");
        closeAll(failure, dynamoDb, s3);
        try {
            Files.deleteIfExists(dataDirectory.resolve(EmbeddedServices.DESCRIPTOR_FILE));
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
        // The lock file itself stays: deleting it would let two processes lock two different files.
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
    }

    private static void closeAll(Exception collector, AutoCloseable... services) {
        for (var service : services) {
            if (service == null) {
                continue;
            }
            try {
                service.close();
            } catch (Exception e) {
                collector.addSuppressed(e);
            }
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing was locked through this channel; the handle is gone either way.
        }
    }
}
