package io.codeclab.orchestrator.experiment.dynamodb;

import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The one definition of codec-lab's DynamoDB tables (docs/storage.md): names, key schemas, indexes and
 * attribute names. The store creates embedded and missing tables from it, and the CloudFormation template
 * is checked against it, so the two cannot drift.
 *
 * <p>{@code <prefix>-experiments}: partition key {@code id}; indexes {@value #LATEST_INDEX} (partition
 * {@code feed}, a constant), {@value #STATUS_INDEX} (partition {@code status}), {@value #CODE_INDEX}
 * (partition {@code codeSha256}) and {@value #NORMALIZED_INDEX} (partition {@code normalizedSha256}), each
 * sorted by {@code id}, projecting everything.
 * {@code <prefix>-versions}: partition {@code pk} (string), sort {@code sk} (number). Besides the champion
 * and the version history it holds one LLM spend counter per UTC day: {@code pk} {@value #LLM_SPEND_PK},
 * {@code sk} the day as yyyymmdd, {@code spentUsd} and {@code calls} added atomically.
 * {@code <prefix>-runlog}: the execution log, partition {@code pk} (the constant {@value #RUNLOG_PK}), sort
 * {@code sk} ({@code <experimentId>#<seq>}, so time order); index {@value #OUTCOME_INDEX} (partition {@code outcome},
 * PASSED or FAILED, sorted by {@code sk}, projecting everything).
 * {@code <prefix>-programs}: the program database, partition {@code normalizedSha256}; sparse indexes
 * {@value #SCORE_INDEX} (partition {@code feed}, sort {@code score}) and {@value #CELL_INDEX} (partition
 * {@code cell}, sort {@code score}), projecting everything.
 */
public final class TableSchema {

    /** Index over all experiments: partition {@code feed} (a constant), sort key {@code id}. */
    public static final String LATEST_INDEX = "latest";
    /** Index by {@code status}, sort key {@code id}. */
    public static final String STATUS_INDEX = "byStatus";
    /** Index by {@code codeSha256}, sort key {@code id}. */
    public static final String CODE_INDEX = "byCodeSha256";
    /** Index by {@code normalizedSha256} (the code without comments and spacing), sort key {@code id}. */
    public static final String NORMALIZED_INDEX = "byNormalizedSha256";

    // experiments table
    public static final String ID = "id";
    public static final String STATUS = "status";
    /** Constant partition of the "latest" index: every experiment has the same value. */
    public static final String FEED = "feed";
    public static final String FEED_VALUE = "experiments";
    public static final String CHAMPION_VERSION = "championVersion";
    public static final String ADOPTED_VERSION = "adoptedVersion";
    public static final String SOURCE = "source";
    public static final String CODE_SHA256 = "codeSha256";
    public static final String NORMALIZED_SHA256 = "normalizedSha256";
    public static final String PARENT_EXPERIMENT_ID = "parentExperimentId";
    public static final String SUMMARY = "summary";
    public static final String LLM_USAGE = "llmUsage";
    public static final String VIOLATIONS = "violations";
    public static final String STAGES = "stages";
    public static final String POINTS = "points";
    public static final String BD_RATE_VS_CHAMPION = "bdRateVsChampionPercent";
    public static final String BD_RATE_VS_X264 = "bdRateVsX264Percent";
    public static final String FAILURE = "failure";
    public static final String ARTIFACTS = "artifacts";
    public static final String LEASE_OWNER = "leaseOwner";
    public static final String LEASE_EXPIRES_AT = "leaseExpiresAt";
    public static final String CREATED_AT = "createdAt";
    public static final String UPDATED_AT = "updatedAt";
    /** What the program database gave the proposer: {@code parent} and {@code inspirations} (issue 16). */
    public static final String SEARCH_CHOICES = "searchChoices";

    // versions table
    public static final String PK = "pk";
    public static final String SK = "sk";
    public static final String CHAMPION_PK = "champion";
    public static final String VERSION_PK = "version";
    public static final String VERSION = "version";
    public static final String EXPERIMENT_ID = "experimentId";
    public static final String CODE_KEY = "codeKey";
    public static final String ADOPTED_AT = "adoptedAt";
    public static final String BD_RATE_VS_PREVIOUS = "bdRateVsPreviousPercent";
    /** Partition of the daily LLM spend counters (sort key: the UTC day as yyyymmdd). */
    public static final String LLM_SPEND_PK = "llmSpend";
    public static final String SPENT_USD = "spentUsd";
    public static final String CALLS = "calls";

    // runlog table (the execution log; its item attributes are the fields of execlog.LogRecord)
    /** Index of the log by outcome: partition {@code outcome} (PASSED or FAILED), sort key {@code sk}. */
    public static final String OUTCOME_INDEX = "byOutcome";
    public static final String RUNLOG_PK = "log";
    public static final String OUTCOME = "outcome";

    // programs table (the program database of issue 16; its item attributes are the fields of search.ProgramEntry)
    /** Index of scored programs by score: partition {@code feed} (the constant {@value #PROGRAMS_FEED}), sort {@code score}. */
    public static final String SCORE_INDEX = "byScore";
    /** Index of scored programs by behaviour cell: partition {@code cell}, sort {@code score}. */
    public static final String CELL_INDEX = "byCell";
    public static final String PROGRAMS_FEED = "programs";
    /** Fitness: BD-rate in percent, lower is better (see search.ProgramEntry for its basis). */
    public static final String SCORE = "score";
    public static final String CELL = "cell";

    private TableSchema() {
    }

    public static String experimentsTableName(String tablePrefix) {
        return tablePrefix + "-experiments";
    }

    public static String versionsTableName(String tablePrefix) {
        return tablePrefix + "-versions";
    }

    public static String runLogTableName(String tablePrefix) {
        return tablePrefix + "-runlog";
    }

    public static String programsTableName(String tablePrefix) {
        return tablePrefix + "-programs";
    }

    /** Every table, experiments first, as CreateTable requests (on-demand billing). */
    public static List<CreateTableRequest> tables(String tablePrefix) {
        return List.of(experimentsTable(tablePrefix), versionsTable(tablePrefix), runLogTable(tablePrefix),
                programsTable(tablePrefix));
    }

    /**
     * The program database: one item per distinct program, keyed by its normalised code hash (so claiming a
     * program before evaluating it is one conditional put). Only scored programs carry {@code feed}, {@code score}
     * and {@code cell}, so the two indexes are sparse: they hold exactly the programs a parent can be drawn from.
     */
    public static CreateTableRequest programsTable(String tablePrefix) {
        return CreateTableRequest.builder()
                .tableName(programsTableName(tablePrefix))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute(NORMALIZED_SHA256, ScalarAttributeType.S),
                        attribute(FEED, ScalarAttributeType.S), attribute(CELL, ScalarAttributeType.S),
                        attribute(SCORE, ScalarAttributeType.N))
                .keySchema(key(NORMALIZED_SHA256, KeyType.HASH))
                .globalSecondaryIndexes(scoreIndex(SCORE_INDEX, FEED), scoreIndex(CELL_INDEX, CELL))
                .build();
    }

    private static GlobalSecondaryIndex scoreIndex(String name, String partitionKey) {
        return GlobalSecondaryIndex.builder()
                .indexName(name)
                .keySchema(key(partitionKey, KeyType.HASH), key(SCORE, KeyType.RANGE))
                .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                .build();
    }

    /** The execution log: one item per sandbox run, read only by Query (time order, or by outcome). */
    public static CreateTableRequest runLogTable(String tablePrefix) {
        return CreateTableRequest.builder()
                .tableName(runLogTableName(tablePrefix))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute(PK, ScalarAttributeType.S), attribute(SK, ScalarAttributeType.S),
                        attribute(OUTCOME, ScalarAttributeType.S))
                .keySchema(key(PK, KeyType.HASH), key(SK, KeyType.RANGE))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                        .indexName(OUTCOME_INDEX)
                        .keySchema(key(OUTCOME, KeyType.HASH), key(SK, KeyType.RANGE))
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                        .build())
                .build();
    }

    public static CreateTableRequest experimentsTable(String tablePrefix) {
        return CreateTableRequest.builder()
                .tableName(experimentsTableName(tablePrefix))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute(ID, ScalarAttributeType.S), attribute(FEED, ScalarAttributeType.S),
                        attribute(STATUS, ScalarAttributeType.S), attribute(CODE_SHA256, ScalarAttributeType.S),
                        attribute(NORMALIZED_SHA256, ScalarAttributeType.S))
                .keySchema(key(ID, KeyType.HASH))
                .globalSecondaryIndexes(index(LATEST_INDEX, FEED), index(STATUS_INDEX, STATUS),
                        index(CODE_INDEX, CODE_SHA256), index(NORMALIZED_INDEX, NORMALIZED_SHA256))
                .build();
    }

    public static CreateTableRequest versionsTable(String tablePrefix) {
        return CreateTableRequest.builder()
                .tableName(versionsTableName(tablePrefix))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute(PK, ScalarAttributeType.S), attribute(SK, ScalarAttributeType.N))
                .keySchema(key(PK, KeyType.HASH), key(SK, KeyType.RANGE))
                .build();
    }

    private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    /** The experiments table's index {@code name} as {@link #experimentsTable} defines it. */
    public static GlobalSecondaryIndex experimentsIndex(String tablePrefix, String name) {
        return experimentsTable(tablePrefix).globalSecondaryIndexes().stream()
                .filter(i -> i.indexName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no index " + name));
    }

    private static GlobalSecondaryIndex index(String name, String partitionKey) {
        return GlobalSecondaryIndex.builder()
                .indexName(name)
                .keySchema(key(partitionKey, KeyType.HASH), key(ID, KeyType.RANGE))
                .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                .build();
    }
}
