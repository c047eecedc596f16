package io.codeclab.orchestrator.propose.llm;

import static io.codeclab.orchestrator.experiment.dynamodb.TableSchema.CALLS;
import static io.codeclab.orchestrator.experiment.dynamodb.TableSchema.LLM_SPEND_PK;
import static io.codeclab.orchestrator.experiment.dynamodb.TableSchema.PK;
import static io.codeclab.orchestrator.experiment.dynamodb.TableSchema.SK;
import static io.codeclab.orchestrator.experiment.dynamodb.TableSchema.SPENT_USD;
import static io.codeclab.orchestrator.experiment.dynamodb.TableSchema.UPDATED_AT;

import io.codeclab.orchestrator.experiment.dynamodb.TableSchema;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The daily LLM spend in the versions table (docs/storage.md): one item per UTC day, {@code pk}
 * {@value TableSchema#LLM_SPEND_PK}, {@code sk} yyyymmdd, {@code spentUsd} and {@code calls} grown by an
 * atomic {@code ADD}, so concurrent processes and restarts all see one total. Reads are consistent.
 */
public final class DynamoDbDailySpendStore implements DailySpendStore {

    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private final DynamoDbClient client;
    private final String table;
    private final Clock clock;

    public DynamoDbDailySpendStore(DynamoDbClient client, String tablePrefix, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.table = TableSchema.versionsTableName(tablePrefix);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public double spent(LocalDate day) {
        var item = client.getItem(b -> b.tableName(table).key(key(day)).consistentRead(true)).item();
        if (item == null || !item.containsKey(SPENT_USD)) {
            return 0;
        }
        return new BigDecimal(item.get(SPENT_USD).n()).doubleValue();
    }

    @Override
    public void add(LocalDate day, double usd) {
        client.updateItem(b -> b.tableName(table).key(key(day))
                .updateExpression("ADD #spent :usd, #calls :one SET #updated = :now")
                .conditionExpression("attribute_not_exists(#pk) OR attribute_exists(#spent)")
                .expressionAttributeNames(Map.of("#spent", SPENT_USD, "#calls", CALLS, "#updated", UPDATED_AT, "#pk", PK))
                .expressionAttributeValues(Map.of(
                        ":usd", AttributeValue.fromN(BigDecimal.valueOf(usd).toPlainString()),
                        ":one", AttributeValue.fromN("1"),
                        ":now", AttributeValue.fromS(clock.instant().toString()))));
    }

    private static Map<String, AttributeValue> key(LocalDate day) {
        return Map.of(PK, AttributeValue.fromS(LLM_SPEND_PK), SK, AttributeValue.fromN(day.format(DAY)));
    }
}
