package io.codeclab.orchestrator.observability;

import java.time.Instant;

/**
 * What {@code GET /healthz} answers (JSON, field names are the contract): healthy when both stores answer
 * and the sandbox is ready. Being switched off is healthy: the daemon does what it was told.
 *
 * @param status         {@code ok} or {@code unhealthy}
 * @param enabled        whether the on/off switch reads on
 * @param enabledSource  what said so ({@code CODEC_LAB_ENABLED=false}, {@code SSM parameter /x=true}, ...)
 * @param daemon         the daemon loop, absent under {@code serve}
 * @param lastExperiment the newest experiment in the store (any host's), absent when none or unreachable
 */
public record Health(String status, Instant checkedAt, Stores stores, Sandbox sandbox, boolean enabled,
                     String enabledSource, Daemon daemon, LastExperiment lastExperiment, Proposer proposer) {

    public boolean healthy() {
        return "ok".equals(status);
    }

    /** One store: whether a cheap call answered, and the error when not. */
    public record Store(boolean reachable, String name, String error) {
    }

    public record Stores(Store dynamoDb, Store s3) {
    }

    /** {@code backend} is {@code docker} or {@code bwrap} when ready. */
    public record Sandbox(boolean ready, String backend, String error) {
    }

    public record Daemon(String state, int experimentsCompleted, int internalErrors, Instant startedAt) {
    }

    public record LastExperiment(String id, String status, Instant createdAt, Instant updatedAt) {
    }

    /** {@code budget} is absent until the proposer reports one. */
    public record Proposer(String name, Object budget) {
    }
}
