package io.codeclab.orchestrator.experiment.dynamodb;

import io.codeclab.orchestrator.experiment.Adoption;
import io.codeclab.orchestrator.experiment.AdoptionConflictException;
import io.codeclab.orchestrator.experiment.Champion;
import io.codeclab.orchestrator.experiment.ExperimentConflictException;
import io.codeclab.orchestrator.experiment.ExperimentRecord;
import io.codeclab.orchestrator.experiment.ExperimentStatus;
import io.codeclab.orchestrator.experiment.ExperimentStore;
import io.codeclab.orchestrator.experiment.ExperimentStoreException;
import io.codeclab.orchestrator.experiment.ExperimentUpdate;
import io.codeclab.orchestrator.experiment.LeaseLostException;
import io.codeclab.orchestrator.experiment.Failure;
import io.codeclab.orchestrator.experiment.VersionRecord;
import static io.codeclab.orchestrator.experiment.dynamodb.ExperimentItems.*;
import static io.codeclab.orchestrator.experiment.dynamodb.TableSchema.*;
import static io.codeclab.orchestrator.experiment.ExperimentStore.CLOCK_SKEW_MARGIN;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.stream.Collectors;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.CreateGlobalSecondaryIndexAction;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * {@link ExperimentStore} on two DynamoDB tables ({@link TableSchema}, docs/storage.md): {@code <prefix>-experiments}
 * keyed by experiment id with three indexes (latest, by status, by code hash), and {@code <prefix>-versions}
 * holding the champion item and one item per adopted version. Every write is conditional; nothing scans.
 */
public final class DynamoDbExperimentStore implements ExperimentStore {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DynamoDbExperimentStore.class);

    private static final Set<ExperimentStatus> RUNNING = EnumSet.copyOf(
            Arrays.stream(ExperimentStatus.values()).filter(ExperimentStatus::isRunning).toList());

    private final DynamoDbClient client;
    private final String experimentsTable;
    private final String versionsTable;
    private final String tablePrefix;
    private final Clock clock;

    private DynamoDbExperimentStore(DynamoDbClient client, String tablePrefix, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.experimentsTable = experimentsTableName(tablePrefix);
        this.versionsTable = versionsTableName(tablePrefix);
        this.tablePrefix = tablePrefix;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A store on tables named {@code <tablePrefix>-experiments} and {@code <tablePrefix>-versions}. */
    public static DynamoDbExperimentStore create(DynamoDbClient client, String tablePrefix) {
        return create(client, tablePrefix, Clock.systemUTC());
    }

    /** As {@link #create(DynamoDbClient, String)}, with the clock that stamps {@code updatedAt} and adoptions. */
    public static DynamoDbExperimentStore create(DynamoDbClient client, String tablePrefix, Clock clock) {
        Objects.requireNonNull(tablePrefix, "tablePrefix");
        if (!tablePrefix.matches("[A-Za-z0-9_.-]{1,200}")) {
            throw new IllegalArgumentException("tablePrefix must be 1-200 of [A-Za-z0-9_.-], was '" + tablePrefix + "'");
        }
        return new DynamoDbExperimentStore(client, tablePrefix, clock);
    }

    public String experimentsTable() {
        return experimentsTable;
    }

    public String versionsTable() {
        return versionsTable;
    }

    // ---- schema

    @Override
    public void ensureSchema() {
        TableSchema.tables(tablePrefix).forEach(this::createIfMissing);
        try (var waiter = DynamoDbWaiter.builder().client(client)
                .overrideConfiguration(WaiterOverrideConfiguration.builder()
                        .maxAttempts(120).waitTimeout(Duration.ofMinutes(5)).build())
                .build()) {
            for (var table : List.of(experimentsTable, versionsTable)) {
                waiter.waitUntilTableExists(r -> r.tableName(table)).matched().exception().ifPresent(e -> {
                    throw new ExperimentStoreException("table " + table + " did not become active: " + e.getMessage(), e);
                });
            }
        } catch (SdkException e) {
            throw failed("waiting for tables " + experimentsTable + " and " + versionsTable, e);
        }
    }

    private void createIfMissing(CreateTableRequest request) {
        try {
            var table = client.describeTable(r -> r.tableName(request.tableName())).table();
            addMissingIndex(request, table.globalSecondaryIndexes().stream()
                    .map(GlobalSecondaryIndexDescription::indexName).toList());
        } catch (ResourceNotFoundException missing) {
            try {
                client.createTable(request);
            } catch (ResourceInUseException raced) {
                // Another process created it between our describe and create: that is the outcome we wanted.
            } catch (SdkException e) {
                throw failed("CreateTable " + request.tableName(), e);
            }
        } catch (SdkException e) {
            throw failed("DescribeTable " + request.tableName(), e);
        }
    }

    /**
     * Adds the one index introduced after tables were first created ({@link TableSchema#NORMALIZED_INDEX}) to an
     * existing experiments table; DynamoDB builds it in the background (docs/storage.md). Every other index
     * change stays a migration.
     */
    private void addMissingIndex(CreateTableRequest request, List<String> existing) {
        if (!request.tableName().equals(experimentsTable) || existing.contains(NORMALIZED_INDEX)) {
            return;
        }
        var index = TableSchema.experimentsIndex(tablePrefix, NORMALIZED_INDEX);
        try {
            client.updateTable(r -> r.tableName(experimentsTable)
                    .attributeDefinitions(request.attributeDefinitions().stream()
                            .filter(a -> a.attributeName().equals(NORMALIZED_SHA256)).toList())
                    .globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder()
                            .create(CreateGlobalSecondaryIndexAction.builder().indexName(index.indexName())
                                    .keySchema(index.keySchema()).projection(index.projection()).build())
                            .build()));
            LOG.info("index {} added to {}; it is usable once DynamoDB has built it", NORMALIZED_INDEX, experimentsTable);
        } catch (ResourceInUseException | LimitExceededException raced) {
            // Another process is adding it (or another index change is under way): it will be there.
        } catch (SdkException e) {
            throw failed("UpdateTable adding index " + NORMALIZED_INDEX + " to " + experimentsTable, e);
        }
    }

    // ---- experiments

    @Override
    public ExperimentRecord create(ExperimentRecord record, String owner, Instant leaseUntil) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(leaseUntil, "leaseUntil");
        var leased = new ExperimentRecord(record.id(), record.status(), record.championVersion(),
                record.adoptedVersion(), record.source(), record.codeSha256(), record.parentExperimentId(),
                record.summary(), record.llmUsage(), record.violations(), record.stages(), record.points(),
                record.bdRateVsChampionPercent(), record.bdRateVsX264Percent(), record.failure(), record.artifacts(),
                owner, Instant.ofEpochMilli(leaseUntil.toEpochMilli()), record.createdAt(), record.updatedAt(),
                record.normalizedSha256(), record.searchChoices());
        try {
            client.putItem(r -> r.tableName(experimentsTable)
                    .item(toItem(leased))
                    .conditionExpression("attribute_not_exists(#id)")
                    .expressionAttributeNames(Map.of("#id", ID)));
            return leased;
        } catch (ConditionalCheckFailedException e) {
            // A retry after a lost answer finds the item its first attempt wrote: ours, leased to us.
            if (e.numAttempts() != null && e.numAttempts() > 1) {
                var existing = find(record.id());
                if (existing.isPresent() && owner.equals(existing.get().leaseOwner())
                        && existing.get().codeSha256().equals(record.codeSha256())) {
                    return leased;
                }
            }
            throw new ExperimentConflictException("experiment " + record.id() + " exists already in "
                    + experimentsTable + "; ids must be unique", e);
        } catch (SdkException e) {
            throw failed("PutItem of experiment " + record.id(), e);
        }
    }

    @Override
    public ExperimentRecord update(String id, ExperimentUpdate update) {
        var expr = new UpdateExpression();
        expr.set(STATUS, s(update.status().name()));
        expr.set(UPDATED_AT, instant(clock.instant()));
        update.violations().ifPresent(v -> expr.set(VIOLATIONS, violations(v)));
        update.points().ifPresent(p -> expr.set(POINTS, points(p)));
        update.bdRateVsChampionPercent().ifPresent(v -> expr.set(BD_RATE_VS_CHAMPION, number(v)));
        update.bdRateVsX264Percent().ifPresent(v -> expr.set(BD_RATE_VS_X264, number(v)));
        update.failure().ifPresent(f -> expr.set(FAILURE, failure(f)));
        if (!update.appendStages().isEmpty()) {
            var stages = expr.name(STAGES);
            expr.setRaw(stages + " = list_append(if_not_exists(" + stages + ", " + expr.value(AttributeValue.fromL(List.of()))
                    + "), " + expr.value(stages(update.appendStages())) + ")");
        }
        update.putArtifacts().forEach((name, key) ->
                expr.setRaw(expr.name(ARTIFACTS) + "." + expr.name(name) + " = " + expr.value(s(key))));
        if (update.releaseLease()) {
            expr.remove(LEASE_OWNER);
            expr.remove(LEASE_EXPIRES_AT);
        }
        var fencedAt = clock.instant().plus(CLOCK_SKEW_MARGIN);
        var condition = expr.name(STATUS) + " IN (" + update.expectedStatuses().stream()
                .map(st -> expr.value(s(st.name()))).collect(Collectors.joining(", ")) + ")"
                + update.leaseOwner().map(owner -> " AND " + leaseHeld(expr, owner, fencedAt)).orElse("");
        var request = UpdateItemRequest.builder()
                .tableName(experimentsTable)
                .key(Map.of(ID, s(id)))
                .updateExpression(expr.updateExpression())
                .conditionExpression(condition)
                .expressionAttributeNames(expr.names)
                .expressionAttributeValues(expr.values)
                .returnValues(ReturnValue.ALL_NEW)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
        try {
            return fromItem(client.updateItem(request).attributes());
        } catch (ConditionalCheckFailedException e) {
            var actual = e.hasItem() && !e.item().isEmpty() ? Optional.of(fromItem(e.item())) : find(id);
            if (actual.isPresent() && appliedByAnEarlierAttempt(e, actual.get(), update)) {
                return actual.get();
            }
            if (actual.isPresent() && update.leaseOwner().isPresent() && (actual.get().status() == ExperimentStatus.ABANDONED
                    || update.expectedStatuses().contains(actual.get().status()))) {
                throw new LeaseLostException(leaseLost(actual.get(), update.leaseOwner().get(), fencedAt), e);
            }
            throw new ExperimentConflictException(actual
                    .map(r -> "experiment " + id + " is " + r.status() + ", but the update to " + update.status()
                            + " expects one of " + sorted(update.expectedStatuses()))
                    .orElse("experiment " + id + " does not exist in " + experimentsTable + " (update to "
                            + update.status() + " expected one of " + sorted(update.expectedStatuses()) + ")"), e);
        } catch (SdkException e) {
            throw failed("UpdateItem of experiment " + id + " to " + update.status(), e);
        }
    }

    /**
     * A retried update whose first attempt was applied but whose answer was lost (the server stopped or the
     * connection broke after the write) fails its condition on the retry, finding the state it set itself.
     * Only the lease holder moves an experiment to a non-ABANDONED state, so finding exactly that state
     * after more than one attempt means the write is ours: the update succeeded.
     */
    private static boolean appliedByAnEarlierAttempt(ConditionalCheckFailedException e, ExperimentRecord actual,
                                                     ExperimentUpdate update) {
        return e.numAttempts() != null && e.numAttempts() > 1
                && actual.status() == update.status()
                && !update.expectedStatuses().contains(update.status());
    }

    /** The fence of a lease holder's write: {@code owner} holds the lease and it runs past {@code at}. */
    private static String leaseHeld(UpdateExpression expr, String owner, Instant at) {
        return expr.name(LEASE_OWNER) + " = " + expr.value(s(owner)) + " AND " + expr.name(LEASE_EXPIRES_AT) + " > "
                + expr.value(epochMillis(at));
    }

    /** Why a fenced write found the lease gone, from the record as it is. */
    private static String leaseLost(ExperimentRecord actual, String owner, Instant fencedAt) {
        if (actual.status() == ExperimentStatus.ABANDONED) {
            return "experiment " + actual.id() + " was abandoned meanwhile"
                    + (actual.failure() == null ? "" : ": " + actual.failure().message());
        }
        return "the lease of experiment " + actual.id() + " is no longer held by '" + owner + "': "
                + (owner.equals(actual.leaseOwner())
                ? "it expired at " + actual.leaseExpiresAt() + " (writer's clock " + fencedAt.minus(CLOCK_SKEW_MARGIN)
                        + ", margin " + CLOCK_SKEW_MARGIN.toMillis() + " ms)"
                : "held by '" + actual.leaseOwner() + "'") + " while " + actual.status();
    }

    @Override
    public boolean heartbeat(String id, String owner, Instant leaseUntil) {
        var expr = new UpdateExpression();
        expr.set(LEASE_EXPIRES_AT, epochMillis(leaseUntil));
        var condition = leaseHeld(expr, owner, clock.instant().plus(CLOCK_SKEW_MARGIN)) + " AND " + expr.name(STATUS)
                + " IN (" + RUNNING.stream().map(st -> expr.value(s(st.name()))).collect(Collectors.joining(", ")) + ")";
        return updateIf(id, expr, condition, "heartbeat of experiment " + id + " by " + owner);
    }

    /** One conditional UpdateItem that reports whether its condition held; other failures name {@code what}. */
    private boolean updateIf(String id, UpdateExpression expr, String condition, String what) {
        try {
            client.updateItem(r -> r.tableName(experimentsTable)
                    .key(Map.of(ID, s(id)))
                    .updateExpression(expr.updateExpression())
                    .conditionExpression(condition)
                    .expressionAttributeNames(expr.names)
                    .expressionAttributeValues(expr.values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        } catch (SdkException e) {
            throw failed(what, e);
        }
    }

    @Override
    public List<String> abandonExpired(Instant now) {
        var abandoned = new ArrayList<String>();
        for (var status : RUNNING) {
            var expired = queryAll(QueryRequest.builder()
                    .tableName(experimentsTable)
                    .indexName(STATUS_INDEX)
                    .keyConditionExpression("#status = :status")
                    .filterExpression("#expires < :now")
                    .expressionAttributeNames(Map.of("#status", STATUS, "#expires", LEASE_EXPIRES_AT))
                    .expressionAttributeValues(Map.of(":status", s(status.name()), ":now", epochMillis(now)))
                    .build(), Integer.MAX_VALUE);
            for (var item : expired) {
                if (abandon(item, status, now)) {
                    abandoned.add(item.get(ID).s());
                }
            }
        }
        return abandoned;
    }

    /** Abandons one experiment unless its owner renewed the lease, or another process abandoned it, meanwhile. */
    private boolean abandon(Map<String, AttributeValue> item, ExperimentStatus seenStatus, Instant now) {
        var id = item.get(ID).s();
        var owner = item.containsKey(LEASE_OWNER) ? item.get(LEASE_OWNER).s() : "(none)";
        var expiredAt = Instant.ofEpochMilli(toLong(item.get(LEASE_EXPIRES_AT)));
        var expr = new UpdateExpression();
        expr.set(STATUS, s(ExperimentStatus.ABANDONED.name()));
        expr.set(UPDATED_AT, instant(clock.instant()));
        expr.set(FAILURE, failure(new Failure("lease", "LeaseExpired",
                "lease of owner '" + owner + "' expired at " + expiredAt + " while " + seenStatus
                        + " (noticed at " + now + "); the owning process stopped or lost contact", "")));
        expr.remove(LEASE_OWNER);
        expr.remove(LEASE_EXPIRES_AT);
        var condition = expr.name(STATUS) + " = " + expr.value(s(seenStatus.name())) + " AND "
                + expr.name(LEASE_EXPIRES_AT) + " = " + expr.value(item.get(LEASE_EXPIRES_AT));
        return updateIf(id, expr, condition, "abandoning experiment " + id);
    }

    @Override
    public Optional<ExperimentRecord> find(String id) {
        try {
            var response = client.getItem(r -> r.tableName(experimentsTable).key(Map.of(ID, s(id))).consistentRead(true));
            return response.hasItem() && !response.item().isEmpty() ? Optional.of(fromItem(response.item())) : Optional.empty();
        } catch (SdkException e) {
            throw failed("GetItem of experiment " + id, e);
        }
    }

    @Override
    public List<ExperimentRecord> latest(int limit) {
        return newestFirst(LATEST_INDEX, FEED, FEED_VALUE, limit);
    }

    @Override
    public List<ExperimentRecord> byStatus(ExperimentStatus status, int limit) {
        return newestFirst(STATUS_INDEX, STATUS, status.name(), limit);
    }

    @Override
    public List<ExperimentRecord> latestBefore(String beforeId, int limit) {
        return newestFirst(LATEST_INDEX, FEED, FEED_VALUE, beforeId, limit);
    }

    @Override
    public List<ExperimentRecord> byStatusBefore(ExperimentStatus status, String beforeId, int limit) {
        return newestFirst(STATUS_INDEX, STATUS, status.name(), beforeId, limit);
    }

    private List<ExperimentRecord> newestFirst(String index, String partitionAttribute, String partitionValue, int limit) {
        return newestFirst(index, partitionAttribute, partitionValue, "", limit);
    }

    /** Newest first on an index sorted by id; with a non-empty {@code beforeId}, only the ids that sort before it. */
    private List<ExperimentRecord> newestFirst(String index, String partitionAttribute, String partitionValue,
                                               String beforeId, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        var names = new HashMap<>(Map.of("#p", partitionAttribute));
        var values = new HashMap<>(Map.of(":p", s(partitionValue)));
        String condition = "#p = :p";
        if (!beforeId.isEmpty()) {
            names.put("#id", ID);
            values.put(":before", s(beforeId));
            condition += " AND #id < :before";
        }
        return queryAll(QueryRequest.builder()
                .tableName(experimentsTable)
                .indexName(index)
                .keyConditionExpression(condition)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .scanIndexForward(false)
                .limit(limit)
                .build(), limit).stream().map(ExperimentItems::fromItem).toList();
    }

    @Override
    public Optional<ExperimentRecord> findByCodeSha256(String codeSha256) {
        return findEvaluated(CODE_INDEX, CODE_SHA256, codeSha256);
    }

    @Override
    public Optional<ExperimentRecord> findByNormalizedSha256(String normalizedSha256) {
        try {
            return findEvaluated(NORMALIZED_INDEX, NORMALIZED_SHA256, normalizedSha256);
        } catch (ExperimentStoreException e) {
            if (e.getCause() instanceof DynamoDbException d && d.statusCode() == 400) {
                // The index was just added to an existing table and is still being built (on AWS this
                // takes minutes): de-duplication falls back to exact code hashes meanwhile.
                LOG.warn("index {} of {} is not usable yet ({}); only exact code hashes are de-duplicated",
                        NORMALIZED_INDEX, experimentsTable, d.getMessage());
                return Optional.empty();
            }
            throw e;
        }
    }

    private Optional<ExperimentRecord> findEvaluated(String index, String attribute, String hash) {
        if (hash.isEmpty()) {
            return Optional.empty();
        }
        return queryAll(QueryRequest.builder()
                .tableName(experimentsTable)
                .indexName(index)
                .keyConditionExpression("#h = :h")
                .filterExpression("#status <> :abandoned")
                .expressionAttributeNames(Map.of("#h", attribute, "#status", STATUS))
                .expressionAttributeValues(Map.of(":h", s(hash), ":abandoned", s(ExperimentStatus.ABANDONED.name())))
                .scanIndexForward(false)
                .build(), 1).stream().findFirst().map(ExperimentItems::fromItem);
    }

    /** Pages through a query until {@code max} items were collected or the results end. */
    private List<Map<String, AttributeValue>> queryAll(QueryRequest first, int max) {
        var items = new ArrayList<Map<String, AttributeValue>>();
        var request = first;
        try {
            while (true) {
                var response = client.query(request);
                for (var item : response.items()) {
                    if (items.size() == max) {
                        return items;
                    }
                    items.add(item);
                }
                if (items.size() == max || !response.hasLastEvaluatedKey() || response.lastEvaluatedKey().isEmpty()) {
                    return items;
                }
                request = request.toBuilder().exclusiveStartKey(response.lastEvaluatedKey()).build();
            }
        } catch (SdkException e) {
            throw failed("Query of " + first.tableName() + (first.indexName() == null ? "" : " index " + first.indexName()), e);
        }
    }

    // ---- champion and versions

    @Override
    public Optional<Champion> champion() {
        try {
            var response = client.getItem(r -> r.tableName(versionsTable).key(championKey()).consistentRead(true));
            return response.hasItem() && !response.item().isEmpty()
                    ? Optional.of(ExperimentItems.champion(response.item())) : Optional.empty();
        } catch (SdkException e) {
            throw failed("GetItem of the champion", e);
        }
    }

    @Override
    public Champion initialiseChampion(Champion versionZero) {
        if (versionZero.version() != 0) {
            throw new IllegalArgumentException("versionZero must have version 0, was " + versionZero.version());
        }
        var history = versionItem(new VersionRecord(0, versionZero.experimentId(), versionZero.adoptedAt(), null,
                versionZero.codeKey(), versionZero.codeSha256()));
        for (int attempt = 1; ; attempt++) {
            try {
                client.transactWriteItems(r -> r.transactItems(
                        putIfAbsent(championItem(versionZero)),
                        putIfAbsent(history)));
                return versionZero;
            } catch (TransactionCanceledException e) {
                // Somebody initialised it first (or is doing so right now): theirs is the champion.
                var existing = champion();
                if (existing.isPresent()) {
                    return existing.get();
                }
                if (attempt == 5) {
                    throw new ExperimentStoreException("could not initialise the champion in " + versionsTable
                            + " after 5 attempts: " + reasons(e.cancellationReasons()), e);
                }
                pause(Duration.ofMillis(50L * attempt));
            } catch (SdkException e) {
                throw failed("initialising the champion", e);
            }
        }
    }

    private TransactWriteItem putIfAbsent(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder()
                .tableName(versionsTable)
                .item(item)
                .conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", PK))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build()).build();
    }

    @Override
    public Champion adopt(Adoption adoption) {
        var now = clock.instant();
        var next = new Champion(adoption.toVersion(), adoption.experimentId(), adoption.codeKey(),
                adoption.codeSha256(), now);

        var championUpdate = new UpdateExpression();
        championAttributes(next).forEach(championUpdate::set);
        var championCondition = championUpdate.name(VERSION) + " = " + championUpdate.value(n(adoption.fromVersion()));

        var experimentUpdate = new UpdateExpression();
        experimentUpdate.set(STATUS, s(ExperimentStatus.ADOPTED.name()));
        experimentUpdate.set(ADOPTED_VERSION, n(adoption.toVersion()));
        experimentUpdate.set(UPDATED_AT, instant(now));
        experimentUpdate.remove(LEASE_OWNER);
        experimentUpdate.remove(LEASE_EXPIRES_AT);
        var fencedAt = now.plus(CLOCK_SKEW_MARGIN);
        var experimentCondition = experimentUpdate.name(STATUS) + " = "
                + experimentUpdate.value(s(ExperimentStatus.SCORED.name())) + " AND "
                + leaseHeld(experimentUpdate, adoption.leaseOwner(), fencedAt);

        var version = versionItem(new VersionRecord(adoption.toVersion(), adoption.experimentId(), now,
                adoption.bdRateVsPreviousPercent(), adoption.codeKey(), adoption.codeSha256()));
        try {
            client.transactWriteItems(r -> r.transactItems(
                    TransactWriteItem.builder().update(Update.builder()
                            .tableName(versionsTable)
                            .key(championKey())
                            .updateExpression(championUpdate.updateExpression())
                            .conditionExpression(championCondition)
                            .expressionAttributeNames(championUpdate.names)
                            .expressionAttributeValues(championUpdate.values)
                            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                            .build()).build(),
                    putIfAbsent(version),
                    TransactWriteItem.builder().update(Update.builder()
                            .tableName(experimentsTable)
                            .key(Map.of(ID, s(adoption.experimentId())))
                            .updateExpression(experimentUpdate.updateExpression())
                            .conditionExpression(experimentCondition)
                            .expressionAttributeNames(experimentUpdate.names)
                            .expressionAttributeValues(experimentUpdate.values)
                            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                            .build()).build()));
            return next;
        } catch (TransactionCanceledException e) {
            var lost = leaseLostInAdoption(adoption, e.cancellationReasons(), fencedAt);
            if (lost != null) {
                throw new LeaseLostException(lost, e);
            }
            throw new AdoptionConflictException(adoptionRefusal(adoption, e.cancellationReasons()), e);
        } catch (SdkException e) {
            throw failed("adoption of experiment " + adoption.experimentId() + " as version " + adoption.toVersion(), e);
        }
    }

    /**
     * Why the experiment's condition failed when it was still SCORED or already ABANDONED: the lease, which
     * outranks a lost race (the process must not move on at all); null when the lease was not the reason.
     */
    private static String leaseLostInAdoption(Adoption adoption, List<CancellationReason> reasons, Instant fencedAt) {
        if (reasons.size() < 3 || !"ConditionalCheckFailed".equals(reasons.get(2).code()) || !reasons.get(2).hasItem()) {
            return null;
        }
        var old = ExperimentItems.fromItem(reasons.get(2).item());
        if (old.status() != ExperimentStatus.SCORED && old.status() != ExperimentStatus.ABANDONED) {
            return null;
        }
        return leaseLost(old, adoption.leaseOwner(), fencedAt);
    }

    /** Says which of the three conditions failed, with the state found, in transaction order. */
    private String adoptionRefusal(Adoption adoption, List<CancellationReason> reasons) {
        var why = new StringJoiner("; ");
        for (int i = 0; i < reasons.size(); i++) {
            var reason = reasons.get(i);
            var code = reason.code();
            if (code == null || code.equals("None")) {
                continue;
            }
            var old = reason.hasItem() ? reason.item() : Map.<String, AttributeValue>of();
            if (!code.equals("ConditionalCheckFailed")) {
                why.add(switch (i) {
                    case 0 -> "champion item";
                    case 1 -> "version item " + adoption.toVersion();
                    default -> "experiment " + adoption.experimentId();
                } + ": " + code + (reason.message() == null ? "" : " (" + reason.message() + ")"));
                continue;
            }
            why.add(switch (i) {
                case 0 -> old.containsKey(VERSION)
                        ? "the champion is at version " + old.get(VERSION).n() + ", not " + adoption.fromVersion()
                        : "the champion is not at version " + adoption.fromVersion() + " (not initialised?)";
                case 1 -> "version " + adoption.toVersion() + " exists already"
                        + (old.containsKey(EXPERIMENT_ID) ? " (experiment " + old.get(EXPERIMENT_ID).s() + ")" : "");
                default -> old.containsKey(STATUS)
                        ? "experiment " + adoption.experimentId() + " is " + old.get(STATUS).s() + ", not SCORED"
                        + (old.containsKey(ADOPTED_VERSION) ? " (adopted as version " + old.get(ADOPTED_VERSION).n() + ")" : "")
                        : "experiment " + adoption.experimentId() + " is not SCORED (missing?)";
            });
        }
        return "adoption of experiment " + adoption.experimentId() + " as version " + adoption.toVersion()
                + " refused, nothing changed: " + why;
    }

    private static String reasons(List<CancellationReason> reasons) {
        return reasons.stream().map(CancellationReason::code).toList().toString();
    }

    @Override
    public List<VersionRecord> versions() {
        return queryAll(QueryRequest.builder()
                .tableName(versionsTable)
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", PK))
                .expressionAttributeValues(Map.of(":pk", s(VERSION_PK)))
                .scanIndexForward(true)
                .consistentRead(true)
                .build(), Integer.MAX_VALUE).stream().map(ExperimentItems::versionRecord).toList();
    }

    // ---- helpers

    private ExperimentStoreException failed(String what, SdkException e) {
        return new ExperimentStoreException(what + " failed (tables " + experimentsTable + ", " + versionsTable + "): "
                + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }

    private static List<String> sorted(Set<ExperimentStatus> statuses) {
        return statuses.stream().sorted().map(Enum::name).toList();
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExperimentStoreException("interrupted while initialising the champion", e);
        }
    }
}
