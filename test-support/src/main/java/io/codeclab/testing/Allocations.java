package io.codeclab.testing;

import java.lang.management.ManagementFactory;

/**
 * What a piece of code allocated on the calling thread: a bound on memory that a refusal must not spend (a hostile
 * header that would make a reader allocate a frame of hundreds of MiB), checked without timing anything.
 */
public final class Allocations {

    private Allocations() {
    }

    /** Bytes the current thread allocated while {@code action} ran (HotSpot's per-thread allocation counter). */
    public static long during(Runnable action) {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads)
                || !threads.isThreadAllocatedMemorySupported()) {
            throw new IllegalStateException("this JVM does not count allocated bytes per thread; run the tests on"
                    + " HotSpot (OpenJDK, Temurin)");
        }
        threads.setThreadAllocatedMemoryEnabled(true);
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        action.run();
        return threads.getThreadAllocatedBytes(id) - before;
    }
}
