package io.codeclab.orchestrator.execlog;

import static io.codeclab.orchestrator.experiment.dynamodb.TableSchema.OUTCOME;
import static io.codeclab.orchestrator.experiment.dynamodb.TableSchema.OUTCOME_INDEX;
import static io.codeclab.orchestrator.experiment.dynamodb.TableSchema.PK;
import static io.codeclab.orchestrator.experiment.dynamodb.TableSchema.RUNLOG_PK;
import static io.codeclab.orchestrator.experiment.dynamodb.TableSchema.SK;

import io.codeclab.orchestrator.experiment.dynamodb.TableSchema;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * The execution log on DynamoDB ({@link TableSchema#runLogTable}): puts, and reads by Query only, in time order
 * ({@code sk >= since}), by experiment ({@code begins_with(sk, id)}) or by outcome (index {@value TableSchema#OUTCOME_INDEX}).
 * A record's key is fixed by its experiment and number, so writing it again (a retry) changes nothing.
 */
public final class RunLogStore {

    private static final int BATCH = 25;

    private final DynamoDbClient client;
    private final String table;
    private final String tablePrefix;

    public RunLogStore(DynamoDbClient client, String tablePrefix) {
        this.client = Objects.requireNonNull(client, "client");
        this.tablePrefix = tablePrefix;
        this.table = TableSchema.runLogTableName(tablePrefix);
    }

    /** A page of records and the cursor of the next page (empty when this was the last). */
    public record Page(List<LogRecord> items, Optional<String> next) {
    }

    /** Creates the table when missing and waits until it is active. */
    public void ensureTable() {
        try {
            client.describeTable(r -> r.tableName(table));
        } catch (ResourceNotFoundException missing) {
            try {
                client.createTable(TableSchema.runLogTable(tablePrefix));
            } catch (ResourceInUseException raced) {
                // created by another process meanwhile: what we wanted
            }
        }
        try (var waiter = DynamoDbWaiter.builder().client(client).overrideConfiguration(WaiterOverrideConfiguration
                .builder().maxAttempts(120).waitTimeout(Duration.ofMinutes(5)).build()).build()) {
            waiter.waitUntilTableExists(r -> r.tableName(table)).matched().exception().ifPresent(e -> {
                throw new ExecutionLogException("table " + table + " did not become active: " + e.getMessage(), e);
            });
        }
    }

    public String table() {
        return table;
    }

    /** Writes one record (the same key again replaces it with the same content). */
    public void put(LogRecord record) {
        client.putItem(r -> r.tableName(table).item(LogItems.item(record)));
    }

    /** Writes many records, 25 per BatchWriteItem, resending what DynamoDB left unprocessed. */
    public void putAll(List<LogRecord> records) {
        for (int i = 0; i < records.size(); i += BATCH) {
            List<WriteRequest> writes = records.subList(i, Math.min(records.size(), i + BATCH)).stream()
                    .map(r -> WriteRequest.builder().putRequest(PutRequest.builder().item(LogItems.item(r)).build())
                            .build()).toList();
            Map<String, List<WriteRequest>> pending = Map.of(table, writes);
            for (int round = 0; !pending.isEmpty() && !pending.getOrDefault(table, List.of()).isEmpty(); round++) {
                if (round > 20) {
                    throw new ExecutionLogException("DynamoDB left " + pending.get(table).size()
                            + " log records unprocessed after 20 rounds; retry the import later", null);
                }
                var send = pending;
                pending = client.batchWriteItem(b -> b.requestItems(send)).unprocessedItems();
            }
        }
    }

    /** Every record from {@code since} (inclusive, UTC day start) on, oldest first. */
    public List<LogRecord> since(Instant since) {
        var out = new ArrayList<LogRecord>();
        forEachSince(since, out::add);
        return out;
    }

    /** Each record from {@code since} on, oldest first, page by page (for exports that need not fit in memory). */
    public void forEachSince(Instant since, Consumer<LogRecord> each) {
        client.queryPaginator(sinceQuery(since).build()).items().forEach(item -> each.accept(LogItems.record(item)));
    }

    /**
     * The records from {@code since} on with only what the analysis reads (no traceback, hashes, model or tunables):
     * a smaller answer to read and parse. The fields left out are empty.
     */
    public List<LogRecord> sinceForAnalysis(Instant since) {
        var names = new LinkedHashMap<String, String>();
        names.put("#pk", PK);
        names.put("#sk", SK);
        var projected = new ArrayList<String>();
        for (String attribute : LogItems.ANALYSED) {
            names.put("#" + attribute, attribute);
            projected.add("#" + attribute);
        }
        var request = sinceQuery(since).expressionAttributeNames(names)
                .projectionExpression(String.join(",", projected)).build();
        var out = new ArrayList<LogRecord>();
        client.queryPaginator(request).items().forEach(item -> out.add(LogItems.record(item)));
        return out;
    }

    private QueryRequest.Builder sinceQuery(Instant since) {
        return QueryRequest.builder().tableName(table)
                .keyConditionExpression("#pk = :pk AND #sk >= :from")
                .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                .expressionAttributeValues(Map.of(":pk", s(RUNLOG_PK), ":from", s(sortKeyOf(since))));
    }

    /** The newest {@code limit} records, returned oldest first. */
    public List<LogRecord> latest(int limit) {
        var request = QueryRequest.builder().tableName(table)
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", PK))
                .expressionAttributeValues(Map.of(":pk", s(RUNLOG_PK)))
                .scanIndexForward(false)
                .limit(Math.min(limit, 1000))
                .build();
        var out = new ArrayList<LogRecord>();
        for (var page : client.queryPaginator(request)) {
            for (var item : page.items()) {
                if (out.size() >= limit) {
                    break;
                }
                out.add(LogItems.record(item));
            }
            if (out.size() >= limit) {
                break;
            }
        }
        java.util.Collections.reverse(out);
        return out;
    }

    /** One experiment's records, in order. */
    public List<LogRecord> ofExperiment(String experimentId) {
        var request = QueryRequest.builder().tableName(table)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :id)")
                .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                .expressionAttributeValues(Map.of(":pk", s(RUNLOG_PK), ":id", s(experimentId + "#")))
                .build();
        var out = new ArrayList<LogRecord>();
        client.queryPaginator(request).items().forEach(item -> out.add(LogItems.record(item)));
        return out;
    }

    /** A page of passed or failed records, newest first; {@code cursor} is the previous page's {@link Page#next}. */
    public Page byOutcome(boolean passed, int limit, String cursor) {
        var request = QueryRequest.builder().tableName(table).indexName(OUTCOME_INDEX)
                .keyConditionExpression("#o = :o")
                .expressionAttributeNames(Map.of("#o", OUTCOME))
                .expressionAttributeValues(Map.of(":o", s(passed ? LogRecord.PASSED : LogRecord.FAILED)))
                .scanIndexForward(false)
                .limit(limit);
        if (cursor != null && !cursor.isEmpty()) {
            String sk = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            var start = new LinkedHashMap<String, AttributeValue>();
            start.put(PK, s(RUNLOG_PK));
            start.put(SK, s(sk));
            start.put(OUTCOME, s(passed ? LogRecord.PASSED : LogRecord.FAILED));
            request.exclusiveStartKey(start);
        }
        try {
            var reply = client.query(request.build());
            var items = reply.items().stream().map(LogItems::record).toList();
            Optional<String> next = reply.hasLastEvaluatedKey() && !reply.lastEvaluatedKey().isEmpty()
                    ? Optional.of(Base64.getUrlEncoder().withoutPadding().encodeToString(
                            reply.lastEvaluatedKey().get(SK).s().getBytes(StandardCharsets.UTF_8)))
                    : Optional.empty();
            return new Page(items, next);
        } catch (SdkException e) {
            throw new ExecutionLogException("cannot read the execution log (" + table + "): " + e.getMessage(), e);
        }
    }

    /** The first sort key on or after {@code since}: experiment ids start with their UTC time. */
    static String sortKeyOf(Instant since) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
                .withZone(java.time.ZoneOffset.UTC).format(since);
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
