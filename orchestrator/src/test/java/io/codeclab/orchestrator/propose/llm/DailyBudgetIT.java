package io.codeclab.orchestrator.propose.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.data.Offset.offset;

import io.codeclab.orchestrator.experiment.dynamodb.DynamoDbExperimentStore;
import io.codeclab.orchestrator.testing.AwsFixture;
import io.codeclab.orchestrator.testing.FakeLlmServer;
import io.codeclab.orchestrator.testing.FakeLlmServer.Protocol;
import io.codeclab.orchestrator.testing.FakeLlmServer.Reply;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The daily budget's spend in DynamoDB (the versions table's llmSpend items): atomic, per day, surviving a restart. */
class DailyBudgetIT {

    private static final Clock NOON = Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);

    private AwsFixture aws;
    private String prefix;

    @BeforeEach
    void tables() {
        aws = AwsFixture.get();
        prefix = AwsFixture.uniqueTablePrefix(getClass());
        DynamoDbExperimentStore.create(aws.dynamoDb(), prefix).ensureSchema();
    }

    private DynamoDbDailySpendStore store() {
        return new DynamoDbDailySpendStore(aws.dynamoDb(), prefix, NOON);
    }

    @Test
    void theSpentBudgetStillStopsCallsAfterARestart() {
        try (var server = FakeLlmServer.start(Protocol.OPENAI)) {
            server.otherwise(Reply.text("ok", 1200, 300)); // 0.006 USD a call at the test prices
            var first = LlmProvidersIT.model(server, LlmProvidersIT.FAST, new DailyBudget(0.01, store(), NOON));
            first.complete(LlmRequest.of("s", "u"));
            first.complete(LlmRequest.of("s", "u"));
            assertThat(server.requests()).isEqualTo(2);

            // A new process: new clients, new budget object, the same table.
            var restarted = LlmProvidersIT.model(server, LlmProvidersIT.FAST, new DailyBudget(0.01, store(), NOON));
            var e = catchThrowableOfType(() -> restarted.complete(LlmRequest.of("s", "u")), LlmCallException.class);

            assertThat(e.kind()).isEqualTo("Budget");
            assertThat(e.getMessage()).contains("0.0120 USD of 0.01 USD on 2026-12-01");
            assertThat(server.requests()).as("no call after the budget is spent").isEqualTo(2);
        }
        // The next UTC day starts from zero.
        var tomorrow = Clock.offset(NOON, java.time.Duration.ofDays(1));
        new DailyBudget(0.01, store(), tomorrow).check();
        assertThat(store().spent(LocalDate.of(2026, 12, 2))).isZero();
        assertThat(store().spent(LocalDate.of(2026, 12, 1))).isCloseTo(0.012, offset(1e-12));
    }

    @Test
    void concurrentAddsAreAllCounted() throws Exception {
        var day = LocalDate.of(2026, 12, 1);
        var pool = Executors.newFixedThreadPool(4);
        try {
            var futures = new ArrayList<Future<?>>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    var own = store(); // one store per "process"
                    for (int i = 0; i < 25; i++) {
                        own.add(day, 0.001);
                    }
                }));
            }
            for (var f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store().spent(day)).isCloseTo(0.1, offset(1e-12));
        var item = aws.dynamoDb().getItem(b -> b.tableName(prefix + "-versions").consistentRead(true).key(java.util.Map.of(
                "pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("llmSpend"),
                "sk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN("20261201")))).item();
        assertThat(item.get("calls").n()).isEqualTo("100");
    }
}
