/**
 * The bubblewrap backend, for hosts without a Docker engine: a chain of small host programs (gate, private
 * mounts, rlimits, drop to uid 65534, bwrap with every namespace unshared) built by
 * {@code BwrapCommandLine}, inside a per-run cgroup (v1 or v2) for memory, CPU, pids, OOM detection and
 * accounting, with a seccomp deny-list on x86_64. Needs root.
 */
package io.codeclab.sandbox.bwrap;
