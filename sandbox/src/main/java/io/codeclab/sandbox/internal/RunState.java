package io.codeclab.sandbox.internal;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a backend knows about one run in progress, shared between the thread waiting for it, the wall-clock
 * timer and {@code close()}: why it was stopped, and whether it already ended (a timer firing after the end
 * must not turn a finished run into a TIMEOUT).
 */
public abstract class RunState {

    public final AtomicBoolean timedOut = new AtomicBoolean();
    public final AtomicBoolean outputExceeded = new AtomicBoolean();
    public final AtomicBoolean tooManyOutputFiles = new AtomicBoolean();
    public final AtomicBoolean closedMidRun = new AtomicBoolean();
    private boolean finished;

    /** What was observed about this run, for {@link OutcomeClassifier}. */
    public final RunFacts facts(int exitCode, boolean oomKilled) {
        return new RunFacts(exitCode, timedOut.get(), oomKilled, outputExceeded.get(), closedMidRun.get(),
                tooManyOutputFiles.get());
    }

    /** Whether we killed the run ourselves (timer, a cap, close): its exit status then says nothing of the program. */
    public final boolean killedByUs() {
        return timedOut.get() || outputExceeded.get() || tooManyOutputFiles.get() || closedMidRun.get();
    }

    /** Kills everything the run started; safe to call more than once and from any thread. */
    public abstract void kill();

    public final synchronized void finish() {
        finished = true;
    }

    /** Called by the wall-clock timer: marks the run timed out and kills it, unless it already ended. */
    public final void timeOut() {
        synchronized (this) {
            if (finished) {
                return;
            }
            timedOut.set(true);
        }
        kill();
    }
}
