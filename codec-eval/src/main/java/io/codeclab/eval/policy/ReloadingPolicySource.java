package io.codeclab.eval.policy;

import io.codeclab.eval.Sha256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A policy that is fetched again and picked up when its content changes (hot reload, no redeploy): a file
 * ({@link PolicySource#watching}), or anything a {@link Fetcher} can read, such as an SSM parameter.
 *
 * <p>{@link #current()} fetches at most once per {@code minInterval} (zero: on every call, which for a
 * file of a few kilobytes costs microseconds next to a sandboxed check) and compares the SHA-256 of the
 * bytes with the last content seen; unlike a modification time, that cannot miss two writes within one
 * clock tick. A changed, valid document becomes the policy in force and is logged once ({@code policy
 * version X loaded from Y}). A fetch that fails, or a changed document that is malformed, is logged once as
 * an error and the last good policy stays in force: the source never falls back to "no policy".
 */
public final class ReloadingPolicySource implements PolicySource {

    /** Reads the current policy document, for example {@code Files.readAllBytes(file)} or an SSM GetParameter. */
    @FunctionalInterface
    public interface Fetcher {
        byte[] fetch() throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ReloadingPolicySource.class);

    private final String source;
    private final Fetcher fetcher;
    private final Duration minInterval;
    private final Clock clock;
    private Policy current;
    private String currentDigest;
    private String lastSeenDigest;
    private String lastProblem;
    private Instant lastFetch;

    private ReloadingPolicySource(String source, Fetcher fetcher, Duration minInterval, Clock clock, Policy initial,
                                  Instant fetchedAt) {
        this.source = source;
        this.fetcher = fetcher;
        this.minInterval = minInterval;
        this.clock = clock;
        this.current = initial;
        this.currentDigest = Sha256.hex(initial.jsonBytes());
        this.lastSeenDigest = currentDigest;
        this.lastFetch = fetchedAt;
    }

    /** Fetches on every {@link #current()}. */
    public static ReloadingPolicySource of(String source, Fetcher fetcher) {
        return of(source, fetcher, Duration.ZERO, Clock.systemUTC());
    }

    /**
     * Fetches the policy now and then at most once per {@code minInterval}.
     *
     * @param source where the policy comes from, for logs and messages ({@code ssm:/codec-lab/policy}, a path)
     * @throws PolicyException when the policy cannot be fetched or is malformed now (there is no last good one)
     */
    public static ReloadingPolicySource of(String source, Fetcher fetcher, Duration minInterval, Clock clock) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(fetcher, "fetcher");
        Objects.requireNonNull(clock, "clock");
        if (minInterval == null || minInterval.isNegative()) {
            throw new IllegalArgumentException("minInterval must be zero or positive, was " + minInterval);
        }
        Instant now = clock.instant();
        byte[] bytes;
        try {
            bytes = fetcher.fetch();
        } catch (Exception e) {
            throw new PolicyException("cannot load the policy from " + source + ": " + e, e);
        }
        Policy initial = Policy.parse(source, bytes);
        LOG.info("policy version {} loaded from {} (sha256 {})", initial.version(), source, initial.sha256());
        return new ReloadingPolicySource(source, fetcher, minInterval, clock, initial, now);
    }

    public String source() {
        return source;
    }

    @Override
    public synchronized Policy current() {
        Instant now = clock.instant();
        if (now.isBefore(lastFetch.plus(minInterval))) {
            return current;
        }
        lastFetch = now;
        byte[] bytes;
        try {
            bytes = fetcher.fetch();
        } catch (Exception e) {
            // Deliberately not rethrown: the last good policy stays in force, and the failure is logged.
            problem("the policy at " + source + " cannot be read (" + e + ")");
            return current;
        }
        String digest = Sha256.hex(bytes);
        if (digest.equals(lastSeenDigest)) {
            if (digest.equals(currentDigest)) {
                lastProblem = null; // readable and in force again: a later problem is news
            }
            return current;
        }
        lastSeenDigest = digest;
        try {
            Policy next = Policy.parse(source, bytes);
            current = next;
            currentDigest = digest;
            lastProblem = null;
            LOG.info("policy version {} loaded from {} (sha256 {})", next.version(), source, next.sha256());
        } catch (PolicyException e) {
            problem(e.getMessage());
        }
        return current;
    }

    /** Logs each distinct problem once, with the version that stays in force. */
    private void problem(String description) {
        if (description.equals(lastProblem)) {
            return;
        }
        lastProblem = description;
        LOG.error("{}; keeping policy version {} (sha256 {})", description, current.version(), current.sha256());
    }

}
