package io.codeclab.sandbox.bwrap;

import io.codeclab.sandbox.SandboxLimits;

/** Where and how run cgroups are made on this host (cgroup v1 or v2). */
interface CgroupHost {

    /** Creates the cgroup(s) of one run with the limits applied. */
    RunCgroup create(String name, SandboxLimits limits);

    /** Removes run cgroups left by earlier processes that died without cleaning up. */
    void removeStale();

    /** Removes our parent cgroup(s) when no run is left in them. */
    void removeParentIfEmpty();

    /** {@code v1} or {@code v2}, for logs. */
    String version();
}
