package io.codeclab.eval.policy;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The result of checking one program against one policy.
 *
 * @param accepted      true exactly when there are no violations
 * @param policyVersion the {@code version} of the policy the program was checked against
 * @param violations    in source order; empty when accepted
 */
public record PolicyVerdict(boolean accepted, String policyVersion, List<Violation> violations) {

    public PolicyVerdict {
        Objects.requireNonNull(policyVersion, "policyVersion");
        violations = List.copyOf(violations);
        if (accepted != violations.isEmpty()) {
            throw new IllegalArgumentException("a verdict is accepted exactly when it has no violations (accepted="
                    + accepted + ", " + violations.size() + " violations)");
        }
    }

    /** The violations one per line ({@code line:column rule: message}), for records and LLM feedback. */
    public String feedback() {
        if (accepted) {
            return "accepted by policy " + policyVersion;
        }
        return "rejected by policy " + policyVersion + ":\n"
                + violations.stream().map(Violation::describe).collect(Collectors.joining("\n"));
    }
}
