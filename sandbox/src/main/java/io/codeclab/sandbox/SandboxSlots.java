package io.codeclab.sandbox;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;

/**
 * A sandbox that runs at most {@code slots} tasks at once, whoever asks: the one budget every caller in a process
 * shares (experiments in flight, policy checks, the playground), so that more callers never means more sandboxes
 * than the machine was given. A run waits, first come first served, for a free slot; the time spent waiting is
 * counted ({@link #waited()}) apart from the time spent running ({@link #ran()}).
 */
public final class SandboxSlots implements Sandbox {

    private final Sandbox sandbox;
    private final int slots;
    private final Semaphore free;
    private final LongAdder waitedNanos = new LongAdder();
    private final LongAdder ranNanos = new LongAdder();

    private SandboxSlots(Sandbox sandbox, int slots) {
        if (slots < 1) {
            throw new IllegalArgumentException("a sandbox needs at least one slot, was " + slots);
        }
        this.sandbox = sandbox;
        this.slots = slots;
        this.free = new Semaphore(slots, true);
    }

    /** {@code sandbox} limited to {@code slots} runs at once; closing the result closes {@code sandbox}. */
    public static SandboxSlots of(Sandbox sandbox, int slots) {
        return new SandboxSlots(sandbox, slots);
    }

    /**
     * @throws SandboxLaunchException when the caller is interrupted while waiting for a slot (the task never started)
     */
    @Override
    public SandboxResult run(SandboxTask task) {
        long start = System.nanoTime();
        try {
            free.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxLaunchException("interrupted while waiting for one of " + slots + " sandbox slots: the"
                    + " task was not started", e);
        }
        long running = System.nanoTime();
        waitedNanos.add(running - start);
        try {
            return sandbox.run(task);
        } finally {
            ranNanos.add(System.nanoTime() - running);
            free.release();
        }
    }

    /** The slot budget. */
    public int slots() {
        return slots;
    }

    /** Slots in use now. */
    public int busy() {
        return slots - free.availablePermits();
    }

    /** Runs waiting for a slot now (an estimate, as the semaphore gives it). */
    int waiting() {
        return free.getQueueLength();
    }

    /** Time all runs so far spent waiting for a slot, added up. */
    public Duration waited() {
        return Duration.ofNanos(waitedNanos.sum());
    }

    /** Wall time of all runs so far (in their slots, start to end, staging included), added up. */
    public Duration ran() {
        return Duration.ofNanos(ranNanos.sum());
    }

    @Override
    public String backend() {
        return sandbox.backend();
    }

    @Override
    public void close() {
        sandbox.close();
    }
}
