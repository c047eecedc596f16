package io.codeclab.orchestrator.experiment.dynamodb;

import io.codeclab.orchestrator.aws.AwsClients;
import io.codeclab.orchestrator.experiment.ExperimentConflictException;
import io.codeclab.orchestrator.experiment.ExperimentStatus;
import io.codeclab.orchestrator.experiment.ExperimentStoreException;
import io.codeclab.orchestrator.experiment.ExperimentUpdate;
import static io.codeclab.orchestrator.testing.FaultInjectingProxy.Fault;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.codeclab.orchestrator.testing.AttemptCounter;
import io.codeclab.orchestrator.testing.AwsFixture;
import io.codeclab.orchestrator.testing.ExperimentRecords;
import io.codeclab.orchestrator.testing.FaultInjectingProxy;

/**
 * Throttling and 5xx answers injected between the store and a real DynamoDB Local: the client of
 * {@link AwsClients} retries them with back-off, and gives up after {@link AwsClients#DYNAMODB_MAX_ATTEMPTS}.
 */
class DynamoDbRetryIT {

    private static AwsFixture aws;
    private static String prefix;

    @BeforeEach
    void tables() {
        aws = AwsFixture.get();
        if (prefix == null) {
            prefix = AwsFixture.uniqueTablePrefix(DynamoDbRetryIT.class);
            DynamoDbExperimentStore.create(aws.dynamoDb(), prefix).ensureSchema();
        }
    }

    private record Through(DynamoDbExperimentStore store, AttemptCounter attempts) {
    }

    private static Through storeThrough(FaultInjectingProxy proxy) {
        var attempts = new AttemptCounter();
        var client = AwsClients.at(proxy.endpoint(), aws.region(), aws.credentials()).dynamoDb(attempts);
        return new Through(DynamoDbExperimentStore.create(client, prefix), attempts);
    }

    /** The least total back-off before attempt n+1 with half-jittered exponential delays: half of each ceiling. */
    private static Duration minimumBackoff(Duration base, int retries) {
        var total = Duration.ZERO;
        for (int k = 0; k < retries; k++) {
            total = total.plus(base.multipliedBy(1L << k).dividedBy(2));
        }
        return total;
    }

    @Test
    void throttledWritesAreRetriedWithBackoffUntilTheySucceed() {
        var faults = List.of(Fault.throttling(), Fault.throttling(), Fault.throttling());
        try (var proxy = FaultInjectingProxy.failingFirst(aws.dynamoDbEndpoint(), faults)) {
            var through = storeThrough(proxy);
            var record = ExperimentRecords.proposed(ExperimentRecords.nextId());

            long started = System.nanoTime();
            through.store().create(record, "host-a:1", Instant.now().plusSeconds(60));
            var elapsed = Duration.ofNanos(System.nanoTime() - started);

            assertThat(through.attempts().attempts()).isEqualTo(4);
            assertThat(proxy.requests()).isEqualTo(4);
            assertThat(proxy.forwarded()).isEqualTo(1);
            assertThat(proxy.targets()).containsOnly("DynamoDB_20120810.PutItem");
            assertThat(elapsed).isGreaterThanOrEqualTo(minimumBackoff(AwsClients.DYNAMODB_THROTTLING_BASE_DELAY, 3));
            assertThat(DynamoDbExperimentStore.create(aws.dynamoDb(), prefix).find(record.id())).isPresent();
        }
    }

    @Test
    void serverErrorsAreRetriedWithBackoffUntilTheySucceed() {
        var faults = List.of(Fault.internalServerError(), Fault.serviceUnavailable(), Fault.internalServerError());
        var id = ExperimentRecords.nextId();
        DynamoDbExperimentStore.create(aws.dynamoDb(), prefix)
                .create(ExperimentRecords.proposed(id), "host-a:1", Instant.now().plusSeconds(60));
        try (var proxy = FaultInjectingProxy.failingFirst(aws.dynamoDbEndpoint(), faults)) {
            var through = storeThrough(proxy);

            long started = System.nanoTime();
            var updated = through.store().update(id, ExperimentUpdate.to(ExperimentStatus.VALIDATING, ExperimentStatus.PROPOSED).build());
            var elapsed = Duration.ofNanos(System.nanoTime() - started);

            assertThat(updated.status()).isEqualTo(ExperimentStatus.VALIDATING);
            assertThat(through.attempts().attempts()).isEqualTo(4);
            assertThat(proxy.forwarded()).isEqualTo(1);
            assertThat(elapsed).isGreaterThanOrEqualTo(minimumBackoff(AwsClients.DYNAMODB_BASE_DELAY, 3));
        }
    }

    @Test
    void persistentThrottlingGivesUpAfterMaxAttemptsWithAStoreException() {
        try (var proxy = FaultInjectingProxy.failingAlways(aws.dynamoDbEndpoint(), Fault.throttling())) {
            var through = storeThrough(proxy);

            assertThatThrownBy(() -> through.store().find("20261123T130501Z-anything"))
                    .isInstanceOf(ExperimentStoreException.class)
                    .isNotInstanceOf(ExperimentConflictException.class)
                    .hasMessageContaining("GetItem of experiment 20261123T130501Z-anything")
                    .hasMessageContaining("ThrottlingException");
            assertThat(through.attempts().attempts()).isEqualTo(AwsClients.DYNAMODB_MAX_ATTEMPTS);
            assertThat(proxy.forwarded()).isZero();
        }
    }

    @Test
    void conditionalFailuresAreNotRetried() {
        var id = ExperimentRecords.nextId();
        DynamoDbExperimentStore.create(aws.dynamoDb(), prefix)
                .create(ExperimentRecords.proposed(id), "host-a:1", Instant.now().plusSeconds(60));
        try (var proxy = FaultInjectingProxy.failingFirst(aws.dynamoDbEndpoint(), List.of())) {
            var through = storeThrough(proxy);

            assertThatThrownBy(() -> through.store().update(id,
                    ExperimentUpdate.to(ExperimentStatus.SCORED, ExperimentStatus.EVALUATING).build()))
                    .isInstanceOf(ExperimentConflictException.class);
            // one UpdateItem; its failure carries the item, so no extra read is needed either
            assertThat(proxy.targets()).containsExactly("DynamoDB_20120810.UpdateItem");
        }
    }
}
