package io.codeclab.orchestrator.daemon;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT as a request to stop, not as the JVM's shutdown: the JVM would run its shutdown hooks
 * and exit with 143 while the daemon is still busy. Handled here, the signal only calls {@code stop}; the
 * command then winds down (the running experiment finishes, or is abandoned after the grace period),
 * closes what it opened and exits 0.
 */
public final class StopSignals {

    private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);

    private StopSignals() {
    }

    /** Calls {@code stop} on SIGTERM and SIGINT (on every one: stopping twice is harmless). */
    public static void onStop(Runnable stop) {
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> {
                LOG.info("SIG{} received: stopping", signal.getName());
                stop.run();
            });
        }
    }
}
