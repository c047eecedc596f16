package io.codeclab.orchestrator.search;

import static io.codeclab.orchestrator.experiment.dynamodb.TableSchema.CELL;
import static io.codeclab.orchestrator.experiment.dynamodb.TableSchema.CELL_INDEX;
import static io.codeclab.orchestrator.experiment.dynamodb.TableSchema.FEED;
import static io.codeclab.orchestrator.experiment.dynamodb.TableSchema.NORMALIZED_SHA256;
import static io.codeclab.orchestrator.experiment.dynamodb.TableSchema.PROGRAMS_FEED;
import static io.codeclab.orchestrator.experiment.dynamodb.TableSchema.SCORE;
import static io.codeclab.orchestrator.experiment.dynamodb.TableSchema.SCORE_INDEX;

import io.codeclab.orchestrator.experiment.dynamodb.TableSchema;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * The program database on DynamoDB ({@link TableSchema#programsTable}). A claim is a put conditional on the key
 * being absent; a scored program is an update of its claim's item that adds {@code feed}, {@code score} and
 * {@code cell}, which put it into the two sparse indexes parents are drawn from.
 */
public final class DynamoDbProgramDatabase implements ProgramDatabase {

    static final String CLAIMED_BY = "claimedBy";
    static final String CLAIMED_AT = "claimedAt";

    private final DynamoDbClient client;
    private final String tablePrefix;
    private final String table;

    public DynamoDbProgramDatabase(DynamoDbClient client, String tablePrefix) {
        this.client = Objects.requireNonNull(client, "client");
        this.tablePrefix = tablePrefix;
        this.table = TableSchema.programsTableName(tablePrefix);
    }

    public String table() {
        return table;
    }

    @Override
    public void ensureTable() {
        try {
            try {
                client.describeTable(r -> r.tableName(table));
            } catch (ResourceNotFoundException missing) {
                try {
                    client.createTable(TableSchema.programsTable(tablePrefix));
                } catch (ResourceInUseException raced) {
                    // created by another process meanwhile: what we wanted
                }
            }
            try (var waiter = DynamoDbWaiter.builder().client(client).overrideConfiguration(WaiterOverrideConfiguration
                    .builder().maxAttempts(120).waitTimeout(Duration.ofMinutes(5)).build()).build()) {
                waiter.waitUntilTableExists(r -> r.tableName(table)).matched().exception().ifPresent(e -> {
                    throw new SearchException("table " + table + " did not become active: " + e.getMessage()
                            + "; check the table in the DynamoDB console (or the stack's ProgramsTable)", e);
                });
            }
        } catch (SdkException e) {
            throw failed("creating or checking table " + table, e);
        }
    }

    @Override
    public Claim claim(String normalizedSha256, String experimentId, Instant now) {
        var item = new HashMap<String, AttributeValue>();
        item.put(NORMALIZED_SHA256, s(normalizedSha256));
        item.put(CLAIMED_BY, s(experimentId));
        item.put(CLAIMED_AT, s(now.toString()));
        try {
            client.putItem(r -> r.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(#k)")
                    .expressionAttributeNames(Map.of("#k", NORMALIZED_SHA256))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return new Claim.Claimed(normalizedSha256);
        } catch (ConditionalCheckFailedException taken) {
            var old = taken.hasItem() ? taken.item() : client.getItem(r -> r.tableName(table).consistentRead(true)
                    .key(Map.of(NORMALIZED_SHA256, s(normalizedSha256)))).item();
            return new Claim.Taken(normalizedSha256, str(old, CLAIMED_BY), instant(old, CLAIMED_AT));
        } catch (SdkException e) {
            throw failed("claiming program " + normalizedSha256 + " for experiment " + experimentId, e);
        }
    }

    @Override
    public boolean takeOver(String normalizedSha256, String fromExperimentId, String toExperimentId, Instant now) {
        try {
            client.updateItem(r -> r.tableName(table).key(Map.of(NORMALIZED_SHA256, s(normalizedSha256)))
                    .updateExpression("SET #by = :to, #at = :now")
                    .conditionExpression("#by = :from AND attribute_not_exists(#score)")
                    .expressionAttributeNames(Map.of("#by", CLAIMED_BY, "#at", CLAIMED_AT, "#score", SCORE))
                    .expressionAttributeValues(Map.of(":to", s(toExperimentId), ":now", s(now.toString()),
                            ":from", s(fromExperimentId))));
            return true;
        } catch (ConditionalCheckFailedException lost) {
            return false;
        } catch (SdkException e) {
            throw failed("taking over the claim of program " + normalizedSha256 + " from " + fromExperimentId, e);
        }
    }

    @Override
    public void record(ProgramEntry e) {
        var values = new HashMap<String, AttributeValue>();
        var names = new HashMap<String, String>();
        var sets = new StringBuilder();
        ProgramItems.attributes(e).forEach((name, value) -> {
            String n = "#a" + names.size();
            names.put(n, name);
            values.put(":v" + values.size(), value);
            sets.append(sets.isEmpty() ? "SET " : ", ").append(n).append(" = :v").append(values.size() - 1);
        });
        // Claimed by this experiment, or by no one (a program scored before the claim existed, or imported).
        names.put("#by", CLAIMED_BY);
        values.put(":me", s(e.experimentId()));
        sets.append(", #by = if_not_exists(#by, :me)");
        try {
            client.updateItem(r -> r.tableName(table).key(Map.of(NORMALIZED_SHA256, s(e.normalizedSha256())))
                    .updateExpression(sets.toString())
                    .conditionExpression("attribute_not_exists(#by) OR #by = :me")
                    .expressionAttributeNames(names).expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException other) {
            throw new SearchException("program " + e.normalizedSha256() + " is claimed by another experiment than "
                    + e.experimentId() + ", which scored it: two experiments evaluated one program; this is a bug in"
                    + " the claim, report it with both experiment ids", other);
        } catch (SdkException x) {
            throw failed("recording program " + e.normalizedSha256() + " of experiment " + e.experimentId(), x);
        }
    }

    @Override
    public Optional<ProgramEntry> find(String normalizedSha256) {
        try {
            var item = client.getItem(r -> r.tableName(table).consistentRead(true)
                    .key(Map.of(NORMALIZED_SHA256, s(normalizedSha256)))).item();
            return item == null || !item.containsKey(SCORE) ? Optional.empty() : Optional.of(ProgramItems.entry(item));
        } catch (SdkException e) {
            throw failed("reading program " + normalizedSha256, e);
        }
    }

    @Override
    public List<ProgramEntry> best(int limit) {
        return query(SCORE_INDEX, FEED, PROGRAMS_FEED, limit);
    }

    @Override
    public List<ProgramEntry> bestOf(Behaviour cell, int limit) {
        return query(CELL_INDEX, CELL, cell.cell(), limit);
    }

    private List<ProgramEntry> query(String index, String key, String value, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        try {
            return client.query(r -> r.tableName(table).indexName(index).keyConditionExpression("#k = :v")
                            .expressionAttributeNames(Map.of("#k", key)).expressionAttributeValues(Map.of(":v", s(value)))
                            .scanIndexForward(true).limit(limit))
                    .items().stream().map(ProgramItems::entry).toList();
        } catch (SdkException e) {
            throw failed("querying " + index + " of " + table, e);
        }
    }

    private SearchException failed(String what, SdkException e) {
        return new SearchException(what + " failed: " + e.getMessage() + " (is DynamoDB reachable and does the role"
                + " allow the " + table + " table and its indexes?)", e);
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(double value) {
        return AttributeValue.fromN(BigDecimal.valueOf(value).toPlainString());
    }

    static String str(Map<String, AttributeValue> item, String name) {
        var v = item.get(name);
        return v == null || v.s() == null ? "" : v.s();
    }

    private static Instant instant(Map<String, AttributeValue> item, String name) {
        String v = str(item, name);
        return v.isEmpty() ? Instant.EPOCH : Instant.parse(v);
    }
}
