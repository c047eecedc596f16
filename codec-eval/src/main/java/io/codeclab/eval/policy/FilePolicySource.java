package io.codeclab.eval.policy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;

/**
 * A policy file that is picked up again when it changes (hot reload, no redeploy).
 *
 * <p>Every {@link #current()} reads the file (a few kilobytes) and compares its SHA-256 with the last
 * content seen; that costs microseconds next to a sandboxed check and, unlike a modification time, cannot
 * miss two writes within one clock tick. A changed, valid file becomes the policy in force and is logged
 * once ({@code policy version X loaded from Y}); a changed but unreadable or malformed file is logged once
 * as an error and the last good policy stays in force: the source never falls back to "no policy".
 */
public final class FilePolicySource implements PolicySource {

    private static final Logger LOG = LoggerFactory.getLogger(FilePolicySource.class);

    private final Path file;
    private Policy current;
    private byte[] currentDigest;
    private byte[] lastSeenDigest;
    private String lastProblem;

    private FilePolicySource(Path file, Policy initial) {
        this.file = file;
        this.current = initial;
        this.currentDigest = digest(initial.jsonBytes());
        this.lastSeenDigest = currentDigest;
    }

    /**
     * Loads the file now and watches it from then on.
     *
     * @throws PolicyException when the file cannot be read or is malformed now (there is no last good policy)
     */
    public static FilePolicySource watch(Path file) {
        Objects.requireNonNull(file, "file");
        Policy initial = Policy.fromFile(file);
        LOG.info("policy version {} loaded from {} (sha256 {})", initial.version(), file, initial.sha256());
        return new FilePolicySource(file, initial);
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized Policy current() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            problem("policy file " + file + " cannot be read (" + e + ")");
            return current;
        }
        byte[] digest = digest(bytes);
        if (Arrays.equals(digest, lastSeenDigest)) {
            if (Arrays.equals(digest, currentDigest)) {
                lastProblem = null; // readable and in force again: a later problem is news
            }
            return current;
        }
        lastSeenDigest = digest;
        try {
            Policy next = Policy.parse(file.toString(), bytes);
            current = next;
            currentDigest = digest;
            lastProblem = null;
            LOG.info("policy version {} loaded from {} (sha256 {})", next.version(), file, next.sha256());
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

    private static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
