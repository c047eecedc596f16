package io.codeclab.orchestrator.app;

import io.codeclab.orchestrator.config.CodecLabConfig;
import io.codeclab.orchestrator.policy.LoggingPolicySource;
import io.codeclab.orchestrator.policy.PolicySources;

/**
 * The policy in force: the configured SSM parameter or file (each picked up again when it changes) or the one
 * shipped with the product; logs the version whenever it changes. Close it to release an SSM client.
 */
public final class Policies {

    private Policies() {
    }

    public static LoggingPolicySource source(CodecLabConfig config) {
        return PolicySources.fromConfig(config);
    }
}
