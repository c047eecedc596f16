package io.codeclab.sandbox.internal;

import java.time.Duration;
import java.util.Collection;

/** What both backends do with their runs in progress when the sandbox closes. */
public final class RunRegistry {

    private RunRegistry() {
    }

    /**
     * Waits until the runs' own threads have removed their runs (and what the runs created), at most
     * {@code timeout}. Returns whether none is left; keeps the thread's interrupt status.
     */
    public static boolean awaitDrained(Collection<?> active, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!active.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return active.isEmpty();
    }
}
