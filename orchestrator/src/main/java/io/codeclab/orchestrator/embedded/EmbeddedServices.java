package io.codeclab.orchestrator.embedded;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The embedded defaults of one data directory: DynamoDB Local (under {@code <dataDir>/dynamodb}) and an
 * S3-compatible store (under {@code <dataDir>/s3}), shared by every process that uses the directory.
 *
 * <p>DynamoDB Local's sqlite file cannot be opened by two servers, so exactly one process owns the
 * services: the one holding an exclusive lock on {@code <dataDir>/embedded.lock}, kept for as long as it
 * runs. The owner advertises its endpoints and process id in {@code <dataDir>/embedded.json}. Any other
 * process finds the lock taken and joins: it reads the endpoints and talks to the owner's servers.
 *
 * <p>Only the owner's user may use the stores: the directory is 0700, the owner draws random
 * {@link EmbeddedCredentials} and writes them into the descriptor (mode 0600), and both servers refuse
 * requests not signed with them. Joiners read them from the descriptor.
 *
 * <p>When the owner exits or dies, the operating system frees the lock. A joiner notices within
 * {@link #TAKEOVER_CHECK_PERIOD} and takes over on exactly the previous owner's ports and credentials, so
 * clients built on the old endpoints keep working; when a port is taken meanwhile it does not take over
 * (and tries again a period later), since its clients would then be talking to whoever holds that port. A
 * new {@link #startOrJoin} prefers the previous ports but takes free ones when they are taken. The
 * credentials {@link #credentials()} hands out are checked before every request: while nobody serves the
 * endpoints the clients were built for (the owner is gone and no takeover happened yet) a request waits,
 * and once the services moved to other ports it fails with the reason instead of going out (see the README
 * for the window this leaves). Inside one JVM the lock cannot be taken twice (and closing a second handle
 * on the lock file would silently free the first's lock on Linux), so a second call in the same JVM joins
 * the owner held in memory without touching the lock file.
 */
public final class EmbeddedServices implements AutoCloseable {

    static final String LOOPBACK = "127.0.0.1";
    public static final String DESCRIPTOR_FILE = "embedded.json";
    public static final String LOCK_FILE = "embedded.lock";
    public static final String DYNAMODB_DIRECTORY = "dynamodb";
    public static final String S3_DIRECTORY = "s3";
    /** The region clients should name; the shared local database ignores it. */
    public static final Region REGION = Region.US_EAST_1;
    /** How often a joiner checks whether the owner is gone and it should take over. */
    public static final Duration TAKEOVER_CHECK_PERIOD = Duration.ofSeconds(1);
    /** How long a request waits for a takeover before it fails (see {@link #credentials()}). */
    static final Duration HANDOVER_WAIT = Duration.ofSeconds(20);

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServices.class);
    private static final Duration DEFAULT_JOIN_TIMEOUT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    /** Owners in this JVM by lock file: the OS lock is per process, so this JVM must know its own. */
    private static final Map<Path, EmbeddedServices> OWNERS_IN_THIS_JVM = new HashMap<>();

    /**
     * What the owner advertises in {@code embedded.json} (mode 0600): where its servers listen and the
     * credentials they accept. Its {@code toString} masks the credentials.
     */
    public record Descriptor(long ownerPid, URI dynamoDbEndpoint, URI s3Endpoint, Instant startedAt,
                             EmbeddedCredentials credentials) {

        boolean sameEndpoints(Descriptor other) {
            return dynamoDbEndpoint.equals(other.dynamoDbEndpoint) && s3Endpoint.equals(other.s3Endpoint);
        }
    }

    /** The servers and the lock of the owning instance. */
    private record Ownership(Descriptor descriptor, EmbeddedDynamoDb dynamoDb, EmbeddedS3 s3, FileChannel channel,
                             FileLock lock) {
    }

    private final Path dataDirectory;
    private final Path lockFile;
    private final Duration startDuration;
    /** What this instance's clients were built for: {@link #credentials()} guards requests to these endpoints. */
    private final Descriptor initial;
    // Guarded by OWNERS_IN_THIS_JVM; volatile for the accessors.
    private volatile Descriptor descriptor;
    private volatile Ownership ownership;
    private ScheduledExecutorService watchdog;
    private volatile boolean closed;

    private EmbeddedServices(Path dataDirectory, Descriptor descriptor, Ownership ownership, Duration startDuration) {
        this.dataDirectory = dataDirectory;
        this.lockFile = dataDirectory.resolve(LOCK_FILE);
        this.descriptor = descriptor;
        this.initial = descriptor;
        this.ownership = ownership;
        this.startDuration = startDuration;
    }

    /** Starts the services for {@code dataDirectory}, or joins the process that runs them already. */
    public static EmbeddedServices startOrJoin(Path dataDirectory) {
        return startOrJoin(dataDirectory, DEFAULT_JOIN_TIMEOUT);
    }

    /**
     * As {@link #startOrJoin(Path)}; {@code joinTimeout} bounds the wait for an owner that holds the lock
     * but has not advertised reachable endpoints yet (it is still starting).
     *
     * @throws EmbeddedServiceException when the services can neither be started nor joined
     */
    public static EmbeddedServices startOrJoin(Path dataDirectory, Duration joinTimeout) {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(joinTimeout, "joinTimeout");
        long started = System.nanoTime();
        Path dir;
        try {
            ServerDirectories.createOwnerOnly(dataDirectory);
            dir = dataDirectory.toRealPath();
        } catch (IOException e) {
            throw new EmbeddedServiceException("cannot create the data directory " + dataDirectory, e);
        }
        var lockFile = dir.resolve(LOCK_FILE);
        long deadline = System.nanoTime() + joinTimeout.toNanos();
        while (true) {
            synchronized (OWNERS_IN_THIS_JVM) {
                var local = OWNERS_IN_THIS_JVM.get(lockFile);
                if (local != null) {
                    return joiner(dir, local.descriptor, started);
                }
                var owned = tryToOwn(dir, Optional.empty());
                if (owned.isPresent()) {
                    var services = new EmbeddedServices(dir, owned.get().descriptor(), owned.get(), elapsed(started));
                    OWNERS_IN_THIS_JVM.put(lockFile, services);
                    return services;
                }
            }
            var advertised = readDescriptor(dir);
            if (advertised.isPresent() && isLive(advertised.get())) {
                return joiner(dir, advertised.get(), started);
            }
            if (System.nanoTime() > deadline) {
                throw new EmbeddedServiceException("another process holds " + lockFile + " but advertises no reachable "
                        + "endpoints in " + dir.resolve(DESCRIPTOR_FILE) + " after " + joinTimeout.toSeconds()
                        + " s (found: " + advertised.map(Descriptor::toString).orElse("nothing")
                        + "); stop the process holding the lock (see `fuser " + lockFile + "`) and retry");
            }
            sleep(Duration.ofMillis(100));
        }
    }

    private static Duration elapsed(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    private static EmbeddedServices joiner(Path dir, Descriptor descriptor, long started) {
        var services = new EmbeddedServices(dir, descriptor, null, elapsed(started));
        services.watchForTakeover();
        return services;
    }

    private void watchForTakeover() {
        watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            var thread = new Thread(r, "embedded-services-takeover");
            thread.setDaemon(true);
            return thread;
        });
        long period = TAKEOVER_CHECK_PERIOD.toMillis();
        watchdog.scheduleWithFixedDelay(this::takeOverIfOwnerGone, period, period, TimeUnit.MILLISECONDS);
    }

    /** Becomes the owner when nobody holds the lock any more. Runs on the watchdog thread. */
    private void takeOverIfOwnerGone() {
        try {
            synchronized (OWNERS_IN_THIS_JVM) {
                if (closed || ownership != null) {
                    return;
                }
                var local = OWNERS_IN_THIS_JVM.get(lockFile);
                if (local != null) {
                    descriptor = local.descriptor;
                    return;
                }
                // A cleanly closed owner deleted its descriptor: the ports this joiner's clients use are the ones to keep.
                var owned = tryToOwn(dataDirectory, Optional.of(descriptor));
                if (owned.isEmpty()) {
                    readDescriptor(dataDirectory).filter(EmbeddedServices::isLive).ifPresent(d -> descriptor = d);
                    return;
                }
                var previous = descriptor;
                ownership = owned.get();
                descriptor = owned.get().descriptor();
                OWNERS_IN_THIS_JVM.put(lockFile, this);
                watchdog.shutdown();
                LOG.warn("Embedded services of {}: owner pid {} is gone; this process (pid {}) took over, DynamoDB {} "
                                + "(was {}), S3 {} (was {})", dataDirectory, previous.ownerPid(), descriptor.ownerPid(),
                        descriptor.dynamoDbEndpoint(), previous.dynamoDbEndpoint(), descriptor.s3Endpoint(),
                        previous.s3Endpoint());
            }
        } catch (RuntimeException e) {
            // Keep watching: the next check may succeed (say, the old ports are free by then).
            LOG.warn("Embedded services of {}: taking over from a gone owner failed ({}); retrying in {}", dataDirectory,
                    e.getMessage(), TAKEOVER_CHECK_PERIOD);
            LOG.debug("Embedded services of {}: takeover failure", dataDirectory, e);
        }
    }

    /**
     * Takes the lock and starts the servers, or returns empty when another process holds the lock.
     *
     * <p>A takeover ({@code known}: what a joiner's clients use) starts on exactly those ports with those
     * credentials, or fails (freeing the lock) when a port is taken. A fresh start prefers the ports and
     * credentials a crashed owner left in the descriptor (joiners of that owner may still hold them), taking
     * free ports when those are taken; with no descriptor it draws new credentials.
     */
    private static Optional<Ownership> tryToOwn(Path dir, Optional<Descriptor> known) {
        var lockFile = dir.resolve(LOCK_FILE);
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
            var previous = known.or(() -> readDescriptor(dir));
            var credentials = previous.map(Descriptor::credentials).orElseGet(EmbeddedCredentials::random);
            // Both servers spend their start loading classes: start them side by side.
            var s3Start = CompletableFuture.supplyAsync(() -> startPreferring(
                    previous.map(d -> d.s3Endpoint().getPort()).orElse(0), takeover,
                    port -> EmbeddedS3.start(dir.resolve(S3_DIRECTORY), port, credentials)));
            try {
                dynamoDb = startPreferring(previous.map(d -> d.dynamoDbEndpoint().getPort()).orElse(0), takeover,
                        port -> EmbeddedDynamoDb.start(dir.resolve(DYNAMODB_DIRECTORY), port, credentials));
            } finally {
                s3 = joinStart(s3Start);
            }
            var descriptor = new Descriptor(ProcessHandle.current().pid(), dynamoDb.endpoint(), s3.endpoint(),
                    Instant.now(), credentials);
            writeDescriptor(dir, descriptor);
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

    private static Optional<Descriptor> readDescriptor(Path dir) {
        try {
            var d = JSON.readValue(Files.readAllBytes(dir.resolve(DESCRIPTOR_FILE)), Descriptor.class);
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

    private static void writeDescriptor(Path dir, Descriptor descriptor) {
        var target = dir.resolve(DESCRIPTOR_FILE);
        var temp = dir.resolve(DESCRIPTOR_FILE + ".tmp");
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

    private static boolean isLive(Descriptor d) {
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

    public URI dynamoDbEndpoint() {
        return descriptor.dynamoDbEndpoint();
    }

    public URI s3Endpoint() {
        return descriptor.s3Endpoint();
    }

    /** Whether this instance runs the servers (else it uses another's); a joiner becomes owner on takeover. */
    public boolean isOwner() {
        return ownership != null;
    }

    public long ownerPid() {
        return descriptor.ownerPid();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public Descriptor descriptor() {
        return descriptor;
    }

    /** Time spent in {@link #startOrJoin}: starting both servers when owner, finding them when joining. */
    public Duration startDuration() {
        return startDuration;
    }

    /**
     * Retries for clients of embedded services: enough attempts and back-off (about 5 to 10 s in all) to
     * ride through an owner handover, when the servers are down for a moment; no retry quota, since the
     * only thing to protect is a local server that is restarting.
     */
    public static software.amazon.awssdk.retries.api.RetryStrategy retryStrategy() {
        var backoff = software.amazon.awssdk.retries.api.BackoffStrategy.exponentialDelayHalfJitter(
                Duration.ofMillis(100), Duration.ofSeconds(2));
        return software.amazon.awssdk.awscore.retry.AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(10)
                .backoffStrategy(backoff)
                .throttlingBackoffStrategy(backoff)
                .circuitBreakerEnabled(false)
                .build();
    }

    /**
     * Credentials that both local servers accept, for clients built on {@link #dynamoDbEndpoint()} and
     * {@link #s3Endpoint()} as they are now. Resolved before every request: while the owner is gone and
     * nobody has taken over yet, the request waits (up to {@link #HANDOVER_WAIT}); once the services serve on
     * other ports than these clients use (a takeover could not keep them), it fails with
     * {@link EmbeddedServiceException} instead of going to ports another process may hold.
     */
    public AwsCredentialsProvider credentials() {
        return this::currentCredentials;
    }

    private AwsCredentials currentCredentials() {
        long deadline = System.nanoTime() + HANDOVER_WAIT.toNanos();
        while (true) {
            var current = descriptor;
            if (!current.sameEndpoints(initial)) {
                throw new EmbeddedServiceException("the embedded services of " + dataDirectory + " moved to DynamoDB "
                        + current.dynamoDbEndpoint() + " and S3 " + current.s3Endpoint() + " after their owner (pid "
                        + initial.ownerPid() + ") went away and its ports were taken; this process's clients point at "
                        + initial.dynamoDbEndpoint() + " and " + initial.s3Endpoint() + " and will not send requests "
                        + "there: restart this process");
            }
            if (closed) {
                throw new EmbeddedServiceException("the embedded services of " + dataDirectory + " were closed in this "
                        + "process");
            }
            if (isServed(current)) {
                return current.credentials().toAws();
            }
            if (System.nanoTime() > deadline) {
                throw new EmbeddedServiceException("nobody serves the embedded services of " + dataDirectory + " at "
                        + current.dynamoDbEndpoint() + " and " + current.s3Endpoint() + ": their owner (pid "
                        + current.ownerPid() + ") is gone and no process took over within " + HANDOVER_WAIT.toSeconds()
                        + " s (see the log for why)");
            }
            sleep(Duration.ofMillis(50));
        }
    }

    /**
     * Whether the owner of {@code d} still runs its servers: this instance owns them, or the owner's process
     * lives and still advertises exactly {@code d} (an owner that closed its services withdrew it).
     */
    private boolean isServed(Descriptor d) {
        if (ownership != null) {
            return true;
        }
        boolean alive = d.ownerPid() == ProcessHandle.current().pid()
                || ProcessHandle.of(d.ownerPid()).map(ProcessHandle::isAlive).orElse(false);
        return alive && readDescriptor(dataDirectory).filter(d::equals).isPresent();
    }

    public Region region() {
        return REGION;
    }

    /**
     * The owner stops the servers, withdraws the descriptor and frees the lock (a joiner then takes over);
     * a joiner stops watching for takeover.
     */
    @Override
    public void close() {
        synchronized (OWNERS_IN_THIS_JVM) {
            if (closed) {
                return;
            }
            closed = true;
            if (watchdog != null) {
                watchdog.shutdownNow();
            }
            var owned = ownership;
            if (owned == null) {
                return;
            }
            OWNERS_IN_THIS_JVM.remove(lockFile, this);
            var failure = new EmbeddedServiceException("stopping the embedded services of " + dataDirectory + " failed");
            closeAll(failure, owned.dynamoDb(), owned.s3());
            try {
                Files.deleteIfExists(dataDirectory.resolve(DESCRIPTOR_FILE));
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
            // The lock file itself stays: deleting it would let two processes lock two different files.
            try {
                owned.lock().release();
                owned.channel().close();
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
            if (failure.getSuppressed().length > 0) {
                throw failure;
            }
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

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedServiceException("interrupted while waiting for the embedded services to start", e);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedServices[" + (isOwner() ? "owner" : "joined pid " + ownerPid()) + ", dynamodb="
                + dynamoDbEndpoint() + ", s3=" + s3Endpoint() + ", dir=" + dataDirectory + "]";
    }
}
