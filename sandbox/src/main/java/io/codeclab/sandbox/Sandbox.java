package io.codeclab.sandbox;

/**
 * Runs one untrusted program under hard limits and reports how it ended.
 *
 * <p>A failing program is data, not an exception: {@link #run} classifies it in the returned
 * {@link SandboxResult}. Only a sandbox that cannot be created at all throws
 * ({@link SandboxLaunchException}); a sandbox that breaks during a run reports
 * {@link SandboxOutcome.SandboxError}, which is never blamed on the program.
 *
 * <p>Implementations are thread-safe: several runs may proceed at once.
 */
public interface Sandbox extends AutoCloseable {

    /** Runs the task to completion (or to its limits) and removes everything the run created. */
    SandboxResult run(SandboxTask task);

    /** {@code docker} or {@code bwrap}. */
    String backend();

    /** Kills runs still in progress and removes what they left (containers, cgroups). */
    @Override
    void close();
}
