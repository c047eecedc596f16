package io.codeclab.orchestrator.resilience;

import io.codeclab.orchestrator.aws.AwsClients;
import static org.assertj.core.api.Assertions.assertThat;

import io.codeclab.orchestrator.experiment.Adoption;
import io.codeclab.orchestrator.experiment.Champion;
import io.codeclab.orchestrator.experiment.dynamodb.DynamoDbExperimentStore;
import io.codeclab.orchestrator.experiment.ExperimentStatus;
import io.codeclab.orchestrator.experiment.ExperimentUpdate;
import io.codeclab.orchestrator.experiment.VersionRecord;
import io.codeclab.orchestrator.testing.AwsFixture;
import io.codeclab.orchestrator.testing.ExperimentRecords;
import io.codeclab.orchestrator.testing.FaultInjectingProxy;
import io.codeclab.orchestrator.testing.FaultInjectingProxy.Fault;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A write that reached DynamoDB but whose answer was lost (AdoptionRaceIT met it when the owner of the
 * embedded services stopped mid-answer and a joiner took over): the SDK retries it, the retry finds the
 * condition already used up by the first attempt. That is the writer's own success, not a conflict.
 * (The adoption transaction was safe already: the SDK sends one idempotency token with every attempt of a
 * TransactWriteItems, so DynamoDB answers the retry with the first attempt's success.)
 */
class LostAnswerIT {

    private AwsFixture aws;
    private String prefix;
    private DynamoDbExperimentStore direct;

    @BeforeEach
    void tables() {
        aws = AwsFixture.get();
        prefix = AwsFixture.uniqueTablePrefix(LostAnswerIT.class);
        direct = DynamoDbExperimentStore.create(aws.dynamoDb(), prefix);
        direct.ensureSchema();
    }

    private DynamoDbExperimentStore through(FaultInjectingProxy proxy) {
        var client = AwsClients.at(proxy.endpoint(), aws.region(), aws.credentials()).dynamoDb();
        return DynamoDbExperimentStore.create(client, prefix);
    }

    @Test
    void aCreateAppliedByALostAttemptSucceedsOnTheRetry() {
        var record = ExperimentRecords.proposed(ExperimentRecords.nextId());
        try (var proxy = FaultInjectingProxy.applyingButLosingTheAnswerOfFirst(aws.dynamoDbEndpoint(),
                List.of(Fault.internalServerError()))) {
            var created = through(proxy).create(record, "host-a:1", Instant.now().plusSeconds(60));

            assertThat(proxy.targets()).startsWith("DynamoDB_20120810.PutItem", "DynamoDB_20120810.PutItem");
            assertThat(created.id()).isEqualTo(record.id());
            assertThat(direct.find(record.id()).orElseThrow().leaseOwner()).isEqualTo("host-a:1");
        }
    }

    @Test
    void aPhaseUpdateAppliedByALostAttemptSucceedsOnTheRetry() {
        var id = ExperimentRecords.nextId();
        direct.create(ExperimentRecords.proposed(id), "host-a:1", Instant.now().plusSeconds(60));
        try (var proxy = FaultInjectingProxy.applyingButLosingTheAnswerOfFirst(aws.dynamoDbEndpoint(),
                List.of(Fault.internalServerError()))) {
            var updated = through(proxy).update(id,
                    ExperimentUpdate.to(ExperimentStatus.VALIDATING, ExperimentStatus.PROPOSED).build());

            assertThat(proxy.forwarded()).as("both attempts reached DynamoDB").isEqualTo(2);
            assertThat(updated.status()).isEqualTo(ExperimentStatus.VALIDATING);
            assertThat(direct.find(id).orElseThrow().status()).isEqualTo(ExperimentStatus.VALIDATING);
        }
    }

    @Test
    void anAdoptionCommittedByALostAttemptIsNotALostRace() {
        direct.initialiseChampion(new Champion(0, "", "versions/0/code.py", "0".repeat(64), Instant.now()));
        var id = ExperimentRecords.nextId();
        direct.create(ExperimentRecords.proposed(id, "a".repeat(64)), "host-a:1", Instant.now().plusSeconds(60));
        direct.update(id, ExperimentUpdate.to(ExperimentStatus.EVALUATING, ExperimentStatus.PROPOSED).build());
        direct.update(id, ExperimentUpdate.to(ExperimentStatus.SCORED, ExperimentStatus.EVALUATING).build());
        try (var proxy = FaultInjectingProxy.applyingButLosingTheAnswerOfFirst(aws.dynamoDbEndpoint(),
                List.of(Fault.internalServerError()))) {
            var champion = through(proxy).adopt(new Adoption(id, "host-a:1", 0, "versions/1/" + id + "/code.py",
                    "a".repeat(64), -5.0));

            assertThat(proxy.forwarded()).as("both attempts reached DynamoDB").isEqualTo(2);
            assertThat(champion.version()).isEqualTo(1);
            assertThat(champion.experimentId()).isEqualTo(id);
            var record = direct.find(id).orElseThrow();
            assertThat(record.status()).isEqualTo(ExperimentStatus.ADOPTED);
            assertThat(record.adoptedVersion()).isEqualTo(1);
            assertThat(direct.versions()).extracting(VersionRecord::version).containsExactly(0, 1);
        }
    }
}
