/**
 * The sandbox API: runs one untrusted program under hard limits and says how it ended. Knows nothing of
 * codecs.
 *
 * <p>A caller describes a run with {@link io.codeclab.sandbox.SandboxTask} (code, input and output
 * directories, command) and {@link io.codeclab.sandbox.SandboxLimits}, creates a backend with
 * {@link io.codeclab.sandbox.Sandboxes} from a {@link io.codeclab.sandbox.SandboxConfig}, and gets a
 * {@link io.codeclab.sandbox.SandboxResult} whose {@link io.codeclab.sandbox.SandboxOutcome} is a closed set
 * (OK, TIMEOUT, OOM, CRASH, OUTPUT_LIMIT, SANDBOX_ERROR). Whatever the program does is an outcome; only a
 * backend that cannot be created here throws ({@link io.codeclab.sandbox.SandboxLaunchException}).
 */
package io.codeclab.sandbox;
