package io.codeclab.sandbox.bwrap;

import java.time.Duration;
import java.util.List;

/** The cgroup(s) of one run: limits, membership, kill, accounting. {@link #close()} kills what is left and removes them. */
interface RunCgroup extends AutoCloseable {

    /** Moves a process (and so all it later starts) into the run's cgroup(s). */
    void join(long pid);

    /** Processes still in the cgroup. */
    List<Long> pids();

    /** Kills every process in the cgroup and waits until none is left. */
    void killAll();

    /** Whether the kernel's OOM killer killed anything in this cgroup. */
    boolean oomKilled();

    long peakMemoryBytes();

    Duration cpuTime();

    /** Kills what is left and removes the cgroup directories. */
    @Override
    void close();
}
