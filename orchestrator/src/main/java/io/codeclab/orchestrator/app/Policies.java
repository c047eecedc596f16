package io.codeclab.orchestrator.app;

import io.codeclab.eval.policy.PolicySource;
import io.codeclab.orchestrator.config.CodecLabConfig;

/** The policy in force: the configured file (re-read when it changes) or the one shipped with the product. */
public final class Policies {

    private Policies() {
    }

    public static PolicySource source(CodecLabConfig config) {
        return config.policyFile().map(PolicySource::watching).orElseGet(PolicySource::bundled);
    }
}
