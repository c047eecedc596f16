package io.codeclab.orchestrator.embedded;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


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
                var owned = Ownership.tryToOwn(dir, Optional.empty());
                if (owned.isPresent()) {
                    var services = new EmbeddedServices(dir, owned.get().descriptor(), owned.get(), elapsed(started));
                    OWNERS_IN_THIS_JVM.put(lockFile, services);
                    return services;
                }
            }
            var advertised = DescriptorFile.read(dir);
            if (advertised.isPresent() && DescriptorFile.isLive(advertised.get())) {
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
                var owned = Ownership.tryToOwn(dataDirectory, Optional.of(descriptor));
                if (owned.isEmpty()) {
                    DescriptorFile.read(dataDirectory).filter(DescriptorFile::isLive).ifPresent(d -> descriptor = d);
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
        return alive && DescriptorFile.read(dataDirectory).filter(d::equals).isPresent();
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
            owned.stop(dataDirectory);
        }
    }

    static void sleep(Duration d) {
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
