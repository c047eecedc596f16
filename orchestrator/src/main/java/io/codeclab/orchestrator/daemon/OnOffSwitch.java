package io.codeclab.orchestrator.daemon;

/** The daemon's on/off switch, read at the start of every cycle. */
@FunctionalInterface
public interface OnOffSwitch {

    /** Whether experiments may start, and what said so (for the log and {@code /healthz}). */
    record Reading(boolean on, String source) {
    }

    Reading read();

    /** A switch that is always on. */
    static OnOffSwitch alwaysOn() {
        return () -> new Reading(true, "always on");
    }
}
