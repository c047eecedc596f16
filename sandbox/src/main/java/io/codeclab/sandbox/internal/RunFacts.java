package io.codeclab.sandbox.internal;

/**
 * What a backend observed about one run, before classification.
 *
 * @param exitCode        exit code as a shell reports it (128+signal when killed by a signal)
 * @param timedOut        our wall-clock timer fired and killed the run
 * @param oomKilled       the kernel's OOM killer ended the program or one of its children
 * @param outputExceeded  the streams or {@code /output} grew past the cap
 * @param closedMidRun    the sandbox was closed while this run was in progress
 * @param tooManyOutputFiles {@code /output} held more entries than the file cap
 */
public record RunFacts(int exitCode, boolean timedOut, boolean oomKilled, boolean outputExceeded,
                       boolean closedMidRun, boolean tooManyOutputFiles) {

    /** Facts of a run whose {@code /output} stayed within the file cap. */
    public RunFacts(int exitCode, boolean timedOut, boolean oomKilled, boolean outputExceeded, boolean closedMidRun) {
        this(exitCode, timedOut, oomKilled, outputExceeded, closedMidRun, false);
    }
}
