package io.codeclab.testing;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Assertions;

/**
 * What a piece of code allocated on the calling thread: a bound on memory that a refusal must not spend (a hostile
 * header that would make a reader allocate a frame of hundreds of MiB), checked without timing anything.
 */
public final class Allocations {

    /** Code that is expected to throw. */
    @FunctionalInterface
    public interface Refused {
        void run() throws Throwable;
    }

    /** What a refused action threw, and the bytes it allocated until then. */
    public record Refusal(Throwable thrown, long allocatedBytes) {
    }

    private Allocations() {
    }

    /**
     * Runs {@code action}, which must throw, counting the bytes the current thread allocated meanwhile (HotSpot's
     * per-thread allocation counter); fails the test when it returns normally.
     */
    public static Refusal refusal(Refused action) {
        var threads = threads();
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        try {
            action.run();
        } catch (Throwable thrown) {
            return new Refusal(thrown, threads.getThreadAllocatedBytes(id) - before);
        }
        return Assertions.fail("expected a refusal, but the action returned normally");
    }

    private static com.sun.management.ThreadMXBean threads() {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads)
                || !threads.isThreadAllocatedMemorySupported()) {
            throw new IllegalStateException("this JVM does not count allocated bytes per thread; run the tests on"
                    + " HotSpot (OpenJDK, Temurin)");
        }
        threads.setThreadAllocatedMemoryEnabled(true);
        return threads;
    }
}
