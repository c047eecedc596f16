package io.codeclab.eval.policy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the policy in force comes from. A long-running daemon asks for {@link #current()} before every
 * check, so a replaced policy takes effect without a redeploy.
 *
 * <p>Implementations are thread-safe and never return a policy they could not validate: when a new
 * document is broken they keep the last good one and log the problem.
 */
@FunctionalInterface
public interface PolicySource {

    /** The policy to check the next program against. */
    Policy current();

    /** Always the same policy. */
    static PolicySource fixed(Policy policy) {
        Objects.requireNonNull(policy, "policy");
        return () -> policy;
    }

    /** The policy shipped with the product. */
    static PolicySource bundled() {
        return fixed(Policy.bundled());
    }

    /**
     * A policy file that is re-read on every {@link #current()} and picked up when its content changes.
     *
     * @throws PolicyException when the file cannot be read or is malformed now
     */
    static PolicySource watching(Path file) {
        Objects.requireNonNull(file, "file");
        return ReloadingPolicySource.of(file.toString(), () -> Files.readAllBytes(file));
    }
}
