package io.codeclab.orchestrator.experiment.dynamodb;

import io.codeclab.orchestrator.experiment.Adoption;
import io.codeclab.orchestrator.experiment.AdoptionConflictException;
import io.codeclab.orchestrator.experiment.Champion;
import io.codeclab.orchestrator.experiment.ExperimentConflictException;
import io.codeclab.orchestrator.experiment.ExperimentRecord;
import io.codeclab.orchestrator.experiment.ExperimentStatus;
import io.codeclab.orchestrator.experiment.ExperimentStore;
import io.codeclab.orchestrator.experiment.ExperimentUpdate;
import io.codeclab.orchestrator.experiment.LeaseLostException;
import io.codeclab.orchestrator.experiment.Failure;
import io.codeclab.orchestrator.experiment.StageResult;
import io.codeclab.orchestrator.experiment.ValidationViolation;
import io.codeclab.orchestrator.experiment.VersionRecord;
import io.codeclab.eval.harness.QualityPoint;
import static io.codeclab.orchestrator.experiment.ExperimentStatus.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.codeclab.orchestrator.testing.AwsFixture;
import io.codeclab.orchestrator.testing.ExperimentRecords;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoDbExperimentStoreIT {

    private static final String OWNER = "host-a:101";
    private static AwsFixture aws;

    private DynamoDbExperimentStore store;

    @BeforeEach
    void freshTables() {
        // per test, not @BeforeAll: a skip (LocalStack unusable) then shows its reason on every test
        aws = AwsFixture.get();
        // One pair of tables per test: latest/byStatus assertions see only their own experiments.
        store = DynamoDbExperimentStore.create(aws.dynamoDb(), AwsFixture.uniqueTablePrefix(getClass()));
        store.ensureSchema();
    }

    private Instant inAMinute() {
        return Instant.now().plus(1, ChronoUnit.MINUTES);
    }

    private ExperimentRecord created(String id) {
        return store.create(ExperimentRecords.proposed(id), OWNER, inAMinute());
    }

    private Map<String, AttributeValue> rawItem(String id) {
        return aws.dynamoDb().getItem(r -> r.tableName(store.experimentsTable()).key(Map.of("id", AttributeValue.fromS(id)))
                .consistentRead(true)).item();
    }

    /** Drives an experiment through the phases to SCORED. */
    private void score(String id) {
        store.update(id, ExperimentUpdate.to(VALIDATING, PROPOSED).build());
        store.update(id, ExperimentUpdate.to(EVALUATING, VALIDATING).build());
        store.update(id, ExperimentUpdate.to(SCORED, EVALUATING).bdRateVsChampionPercent(-2.5).build());
    }

    @Test
    void ensureSchemaIsIdempotent() {
        store.ensureSchema();
        var table = aws.dynamoDb().describeTable(r -> r.tableName(store.experimentsTable())).table();
        assertThat(table.globalSecondaryIndexes()).extracting(i -> i.indexName())
                .containsExactlyInAnyOrder(TableSchema.LATEST_INDEX, TableSchema.STATUS_INDEX,
                        TableSchema.CODE_INDEX, TableSchema.NORMALIZED_INDEX);
    }

    @Test
    void ensureSchemaAddsTheNormalisedHashIndexToATableCreatedWithoutIt() {
        String prefix = AwsFixture.uniqueTablePrefix(getClass());
        var full = TableSchema.experimentsTable(prefix);
        var older = full.toBuilder()
                .attributeDefinitions(full.attributeDefinitions().stream()
                        .filter(a -> !a.attributeName().equals(TableSchema.NORMALIZED_SHA256)).toList())
                .globalSecondaryIndexes(full.globalSecondaryIndexes().stream()
                        .filter(i -> !i.indexName().equals(TableSchema.NORMALIZED_INDEX)).toList())
                .build();
        aws.dynamoDb().createTable(older);
        var upgraded = DynamoDbExperimentStore.create(aws.dynamoDb(), prefix);

        upgraded.ensureSchema();

        var table = aws.dynamoDb().describeTable(r -> r.tableName(TableSchema.experimentsTableName(prefix))).table();
        assertThat(table.globalSecondaryIndexes()).extracting(i -> i.indexName())
                .containsExactlyInAnyOrder(TableSchema.LATEST_INDEX, TableSchema.STATUS_INDEX,
                        TableSchema.CODE_INDEX, TableSchema.NORMALIZED_INDEX);
        var id = ExperimentRecords.nextId();
        upgraded.create(ExperimentRecord.proposed(id, 0, "offline", "exact", "normalised", "", "", null,
                Instant.now()), OWNER, inAMinute());
        assertThat(upgraded.findByNormalizedSha256("normalised")).map(ExperimentRecord::id).contains(id);
    }

    @Test
    void createdRecordIsFoundAsStoredIncludingDoublesThatAreNotDynamoDbNumbers() {
        var record = ExperimentRecords.full(ExperimentRecords.nextId());
        var lease = Instant.parse("2030-01-01T00:00:00.123Z");

        var created = store.create(record, "host-b:7", lease);

        var found = store.find(record.id()).orElseThrow();
        assertThat(found).isEqualTo(created);
        assertThat(found.points()).isEqualTo(record.points());
        assertThat(found.leaseOwner()).isEqualTo("host-b:7");
        assertThat(found.leaseExpiresAt()).isEqualTo(lease);
        assertThat(rawItem(record.id()).get("leaseExpiresAt").n()).isEqualTo(Long.toString(lease.toEpochMilli()));
    }

    @Test
    void creatingAnExistingIdIsAConflict() {
        var id = ExperimentRecords.nextId();
        created(id);

        assertThatThrownBy(() -> created(id))
                .isInstanceOf(ExperimentConflictException.class)
                .hasMessageContaining(id).hasMessageContaining("exists already");
    }

    @Test
    void findOfUnknownIdIsEmpty() {
        assertThat(store.find("19990101T000000Z-nobody")).isEmpty();
    }

    @Test
    void eachPhaseChangesOnlyItsOwnAttributes() {
        var id = ExperimentRecords.nextId();
        created(id);
        var before = rawItem(id);

        store.update(id, ExperimentUpdate.to(VALIDATING, PROPOSED)
                .violations(List.of(new ValidationViolation(1, 2, "import", "no os")))
                .putArtifact("code.py", "experiments/" + id + "/code.py")
                .build());

        var afterValidation = rawItem(id);
        assertThat(changedAttributes(before, afterValidation))
                .containsExactlyInAnyOrder("status", "updatedAt", "violations", "artifacts");
        assertThat(afterValidation.get("artifacts").m()).containsOnlyKeys("code.py");

        store.update(id, ExperimentUpdate.to(SCREENING, VALIDATING)
                .addStage(new StageResult("smoke", "OK", 1.5, 1.0, 1000, "bwrap"))
                .putArtifact("smoke.log", "experiments/" + id + "/smoke.log")
                .build());
        var afterSmoke = rawItem(id);
        assertThat(changedAttributes(afterValidation, afterSmoke))
                .containsExactlyInAnyOrder("status", "updatedAt", "stages", "artifacts");
        assertThat(afterSmoke.get("violations")).isEqualTo(afterValidation.get("violations"));
        assertThat(afterSmoke.get("artifacts").m()).containsOnlyKeys("code.py", "smoke.log");

        store.update(id, ExperimentUpdate.to(EVALUATING, SCREENING)
                .addStage(new StageResult("search", "OK", 20.0, 19.0, 2000, "bwrap"))
                .build());
        var scored = store.update(id, ExperimentUpdate.to(SCORED, EVALUATING)
                .points(List.of(new QualityPoint(4, 1000, 320.5, 0.05, 34.5, 33.1, 0.95, 30.0, 60.0)))
                .bdRateVsChampionPercent(-3.25)
                .bdRateVsX264Percent(812.5)
                .build());

        var afterScoring = rawItem(id);
        // SCORED still holds the lease: the decision is part of the run.
        assertThat(afterScoring).containsKeys("leaseOwner", "leaseExpiresAt");
        assertThat(scored.stages()).extracting(StageResult::stage).containsExactly("smoke", "search");
        assertThat(scored.violations()).hasSize(1);
        assertThat(scored.artifacts()).containsOnlyKeys("code.py", "smoke.log");
        assertThat(scored.bdRateVsChampionPercent()).isEqualTo(-3.25);
        assertThat(scored.createdAt()).isEqualTo(ExperimentItems.fromItem(before).createdAt());
        assertThat(scored.summary()).isEqualTo("a proposal");
        assertThat(store.find(id)).contains(scored);
    }

    private static List<String> reversed(List<String> list) {
        var copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }

    private static List<String> changedAttributes(Map<String, AttributeValue> before, Map<String, AttributeValue> after) {
        var keys = new HashSet<>(before.keySet());
        keys.addAll(after.keySet());
        return keys.stream().filter(k -> !java.util.Objects.equals(before.get(k), after.get(k))).toList();
    }

    @Test
    void updateFromAnUnexpectedStateIsAConflictNamingBothStatesAndChangesNothing() {
        var id = ExperimentRecords.nextId();
        created(id);
        var before = rawItem(id);

        assertThatThrownBy(() -> store.update(id, ExperimentUpdate.to(SCORED, EVALUATING).bdRateVsChampionPercent(-9).build()))
                .isInstanceOf(ExperimentConflictException.class)
                .hasMessageContaining(id).hasMessageContaining("is PROPOSED").hasMessageContaining("EVALUATING")
                .hasMessageContaining("SCORED");
        assertThat(rawItem(id)).isEqualTo(before);
    }

    @Test
    void updateOfAMissingExperimentIsAConflict() {
        assertThatThrownBy(() -> store.update("19990101T000000Z-nobody", ExperimentUpdate.to(VALIDATING, PROPOSED).build()))
                .isInstanceOf(ExperimentConflictException.class)
                .hasMessageContaining("19990101T000000Z-nobody").hasMessageContaining("does not exist");
        assertThat(store.find("19990101T000000Z-nobody")).isEmpty();
    }

    @Test
    void latestIsNewestFirstAndLimited() {
        var ids = new ArrayList<String>();
        for (int i = 0; i < 7; i++) {
            ids.add(created(ExperimentRecords.nextId()).id());
        }

        assertThat(store.latest(3)).extracting(ExperimentRecord::id)
                .containsExactly(ids.get(6), ids.get(5), ids.get(4));
        assertThat(store.latest(100)).extracting(ExperimentRecord::id).containsExactlyElementsOf(reversed(ids));
        // The next page starts after the last id shown (the dashboard's paging).
        assertThat(store.latestBefore(ids.get(4), 3)).extracting(ExperimentRecord::id)
                .containsExactly(ids.get(3), ids.get(2), ids.get(1));
        assertThat(store.latestBefore(ids.get(1), 3)).extracting(ExperimentRecord::id).containsExactly(ids.get(0));
        assertThat(store.latestBefore(ids.get(0), 3)).isEmpty();
    }

    @Test
    void byStatusReturnsOnlyThatStatusNewestFirst() {
        var scored = new ArrayList<String>();
        for (int i = 0; i < 6; i++) {
            var id = created(ExperimentRecords.nextId()).id();
            if (i % 2 == 0) {
                score(id);
                scored.add(id);
            }
        }

        assertThat(store.byStatus(SCORED, 10)).extracting(ExperimentRecord::id).containsExactlyElementsOf(reversed(scored));
        assertThat(store.byStatus(SCORED, 2)).extracting(ExperimentRecord::id)
                .containsExactly(scored.get(2), scored.get(1));
        assertThat(store.byStatus(PROPOSED, 10)).hasSize(3).allMatch(r -> r.status() == PROPOSED);
        assertThat(store.byStatus(ADOPTED, 10)).isEmpty();
        assertThat(store.byStatusBefore(SCORED, scored.get(2), 10)).extracting(ExperimentRecord::id)
                .containsExactly(scored.get(1), scored.get(0));
        assertThat(store.byStatusBefore(SCORED, scored.get(2), 1)).extracting(ExperimentRecord::id)
                .containsExactly(scored.get(1));
    }

    @Test
    void findByNormalisedHashFindsTheStoredAttributeAndIgnoresAbandonedExperiments() {
        var abandoned = ExperimentRecords.nextId();
        store.create(ExperimentRecord.proposed(abandoned, 0, "offline", "h1", "same-normalised", "", "", null,
                Instant.now()), OWNER, Instant.now().minusSeconds(60));
        assertThat(store.abandonExpired(Instant.now())).containsExactly(abandoned);
        assertThat(store.findByNormalizedSha256("same-normalised")).isEmpty();

        var rejected = ExperimentRecords.nextId();
        var created = store.create(ExperimentRecord.proposed(rejected, 0, "offline", "h2", "same-normalised", "", "",
                null, Instant.now()), OWNER, inAMinute());
        assertThat(created.normalizedSha256()).isEqualTo("same-normalised");
        assertThat(rawItem(rejected).get(TableSchema.NORMALIZED_SHA256).s()).isEqualTo("same-normalised");

        assertThat(store.findByNormalizedSha256("same-normalised")).map(ExperimentRecord::id).contains(rejected);
        assertThat(store.findByNormalizedSha256("same-normalised").orElseThrow().normalizedSha256())
                .isEqualTo("same-normalised");
        assertThat(store.findByNormalizedSha256("h2")).isEmpty();
        assertThat(store.findByNormalizedSha256("")).isEmpty();
    }

    @Test
    void findByCodeHashIgnoresAbandonedExperiments() {
        var abandoned = ExperimentRecords.nextId();
        store.create(ExperimentRecords.proposed(abandoned, "same-hash"), OWNER, Instant.now().minusSeconds(60));
        assertThat(store.abandonExpired(Instant.now())).containsExactly(abandoned);
        assertThat(store.findByCodeSha256("same-hash")).isEmpty();

        var failed = ExperimentRecords.nextId();
        store.create(ExperimentRecords.proposed(failed, "same-hash"), OWNER, inAMinute());
        store.update(failed, ExperimentUpdate.to(FAILED, PROPOSED).failure(new Failure("smoke", "CRASH", "boom", "")).build());

        assertThat(store.findByCodeSha256("same-hash")).map(ExperimentRecord::id).contains(failed);
        assertThat(store.findByCodeSha256("other-hash")).isEmpty();
    }

    @Test
    void championIsInitialisedOnceEvenByRacingProcesses() throws Exception {
        assertThat(store.champion()).isEmpty();
        var pool = Executors.newFixedThreadPool(4);
        try {
            var start = new CountDownLatch(1);
            var results = new ArrayList<Future<Champion>>();
            for (int i = 0; i < 4; i++) {
                var candidate = new Champion(0, "", "versions/v0/codec.py", "sha-of-baseline-" + i, Instant.EPOCH);
                results.add(pool.submit(() -> {
                    start.await();
                    return store.initialiseChampion(candidate);
                }));
            }
            start.countDown();
            var champions = new HashSet<Champion>();
            for (var r : results) {
                champions.add(r.get());
            }
            assertThat(champions).hasSize(1);
            assertThat(store.champion()).contains(champions.iterator().next());
            assertThat(store.versions()).hasSize(1).first().satisfies(v -> {
                assertThat(v.version()).isZero();
                assertThat(v.bdRateVsPreviousPercent()).isNull();
            });
        } finally {
            pool.shutdownNow();
        }
    }

    private Champion initialised() {
        return store.initialiseChampion(new Champion(0, "", "versions/v0/codec.py", "baseline-sha",
                Instant.parse("2026-11-23T00:00:00Z")));
    }

    private Adoption adoptionOf(String id, int from) {
        return new Adoption(id, OWNER, from, "versions/v" + (from + 1) + "/codec.py", "sha-" + id, -1.75);
    }

    @Test
    void adoptionMovesChampionRecordsVersionAndMarksExperimentAdopted() {
        initialised();
        var id = ExperimentRecords.nextId();
        created(id);
        score(id);

        var champion = store.adopt(adoptionOf(id, 0));

        assertThat(champion.version()).isEqualTo(1);
        assertThat(store.champion()).contains(champion);
        var adopted = store.find(id).orElseThrow();
        assertThat(adopted.status()).isEqualTo(ADOPTED);
        assertThat(adopted.adoptedVersion()).isEqualTo(1);
        assertThat(store.versions()).extracting(VersionRecord::version, VersionRecord::experimentId,
                        VersionRecord::bdRateVsPreviousPercent)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, "", null),
                        org.assertj.core.groups.Tuple.tuple(1, id, -1.75));
    }

    @Test
    void secondAdoptionFromTheSameVersionIsRefusedAndLeavesOneVersion() {
        initialised();
        var first = ExperimentRecords.nextId();
        var second = ExperimentRecords.nextId();
        for (var id : List.of(first, second)) {
            created(id);
            score(id);
        }
        store.adopt(adoptionOf(first, 0));

        assertThatThrownBy(() -> store.adopt(adoptionOf(second, 0)))
                .isInstanceOf(AdoptionConflictException.class)
                .hasMessageContaining("champion is at version 1, not 0")
                .hasMessageContaining("version 1 exists already (experiment " + first + ")");
        // The same adoption retried must not create a second version either.
        assertThatThrownBy(() -> store.adopt(adoptionOf(first, 0)))
                .isInstanceOf(AdoptionConflictException.class)
                .hasMessageContaining("experiment " + first + " is ADOPTED, not SCORED (adopted as version 1)");

        assertThat(store.versions()).extracting(VersionRecord::version).containsExactly(0, 1);
        assertThat(store.find(second).orElseThrow().status()).isEqualTo(SCORED);
        assertThat(store.champion().orElseThrow().experimentId()).isEqualTo(first);
    }

    @Test
    void adoptingAnExperimentThatIsNotScoredChangesNothing() {
        initialised();
        var id = ExperimentRecords.nextId();
        created(id);

        assertThatThrownBy(() -> store.adopt(adoptionOf(id, 0)))
                .isInstanceOf(AdoptionConflictException.class)
                .hasMessageContaining("experiment " + id + " is PROPOSED, not SCORED");

        assertThat(store.champion().orElseThrow().version()).isZero();
        assertThat(store.versions()).hasSize(1);
        assertThat(store.find(id).orElseThrow().status()).isEqualTo(PROPOSED);
    }

    @Test
    void racingAdoptionsFromOneVersionHaveExactlyOneWinnerAndRetriesKeepVersionsGapless() throws Exception {
        initialised();
        var ids = new ArrayList<String>();
        for (int i = 0; i < 8; i++) {
            var id = ExperimentRecords.nextId();
            created(id);
            score(id);
            ids.add(id);
        }
        var pool = Executors.newFixedThreadPool(8);
        try {
            // Round 1: all read version 0 and adopt from it at once.
            var start = new CountDownLatch(1);
            var outcomes = new ArrayList<Future<Boolean>>();
            for (var id : ids) {
                outcomes.add(pool.submit(() -> {
                    start.await();
                    try {
                        store.adopt(adoptionOf(id, 0));
                        return true;
                    } catch (AdoptionConflictException lost) {
                        return false;
                    }
                }));
            }
            start.countDown();
            int winners = 0;
            for (var o : outcomes) {
                winners += o.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
            assertThat(store.versions()).extracting(VersionRecord::version).containsExactly(0, 1);

            // Round 2: the losers retry from whatever the champion is now until each is adopted.
            var adoptedAs = new ConcurrentHashMap<String, Integer>();
            var retries = new ArrayList<Callable<Void>>();
            for (var id : ids) {
                retries.add(() -> {
                    while (store.find(id).orElseThrow().status() == SCORED) {
                        try {
                            adoptedAs.put(id, store.adopt(adoptionOf(id, store.champion().orElseThrow().version())).version());
                        } catch (AdoptionConflictException lost) {
                            // someone else took that version: read the champion again
                        }
                    }
                    return null;
                });
            }
            for (var f : pool.invokeAll(retries)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        var versions = store.versions();
        assertThat(versions).extracting(VersionRecord::version).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(versions.subList(1, 9)).extracting(VersionRecord::experimentId).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(store.champion().orElseThrow().version()).isEqualTo(8);
        for (var id : ids) {
            var record = store.find(id).orElseThrow();
            assertThat(record.status()).isEqualTo(ADOPTED);
            assertThat(versions.get(record.adoptedVersion()).experimentId()).isEqualTo(id);
        }
    }

    @Test
    void expiredLeasesAreAbandonedWithTheReasonAndLiveOnesAreLeftAlone() {
        var now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        var expired = ExperimentRecords.nextId();
        var live = ExperimentRecords.nextId();
        var scored = ExperimentRecords.nextId();
        store.create(ExperimentRecords.proposed(expired), "host-dead:42", now.minusSeconds(30));
        store.update(expired, ExperimentUpdate.to(EVALUATING, PROPOSED).build());
        store.create(ExperimentRecords.proposed(live), OWNER, now.plusSeconds(120));
        store.create(ExperimentRecords.proposed(scored), OWNER, now.minusSeconds(30));
        score(scored); // died between scoring and the decision: abandoned too

        var abandoned = store.abandonExpired(now);

        assertThat(abandoned).containsExactlyInAnyOrder(expired, scored);
        var record = store.find(expired).orElseThrow();
        assertThat(record.status()).isEqualTo(ABANDONED);
        assertThat(record.leaseOwner()).isNull();
        assertThat(record.failure().stage()).isEqualTo("lease");
        assertThat(record.failure().kind()).isEqualTo("LeaseExpired");
        assertThat(record.failure().message()).contains("host-dead:42").contains(now.minusSeconds(30).toString())
                .contains("EVALUATING");
        assertThat(store.find(live).orElseThrow().status()).isEqualTo(PROPOSED);
        assertThat(store.find(scored).orElseThrow().status()).isEqualTo(ABANDONED);
        assertThat(store.find(scored).orElseThrow().failure().message()).contains("while SCORED");
        assertThat(store.abandonExpired(now)).isEmpty();
    }

    @Test
    void concurrentAbandonersReportEachExperimentOnce() throws Exception {
        var past = Instant.now().minusSeconds(60);
        var ids = new HashSet<String>();
        for (int i = 0; i < 10; i++) {
            ids.add(store.create(ExperimentRecords.proposed(ExperimentRecords.nextId()), "host-dead:1", past).id());
        }
        var pool = Executors.newFixedThreadPool(4);
        try {
            var start = new CountDownLatch(1);
            var results = new ArrayList<Future<List<String>>>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return store.abandonExpired(Instant.now());
                }));
            }
            start.countDown();
            var reported = new ArrayList<String>();
            for (var r : results) {
                reported.addAll(r.get());
            }
            assertThat(reported).hasSize(10).containsExactlyInAnyOrderElementsOf(ids);
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.byStatus(ABANDONED, 100)).hasSize(10);
    }

    @Test
    void aFencedUpdateNeedsTheOwnersUnexpiredLease() {
        var expired = ExperimentRecords.nextId();
        var expiresAt = Instant.now().minusSeconds(10).truncatedTo(ChronoUnit.MILLIS);
        store.create(ExperimentRecords.proposed(expired), OWNER, expiresAt);
        assertThatThrownBy(() -> store.update(expired, ExperimentUpdate.to(VALIDATING, PROPOSED).heldBy(OWNER).build()))
                .isInstanceOf(LeaseLostException.class)
                .hasMessageContaining(expired).hasMessageContaining("expired at " + expiresAt).hasMessageContaining(OWNER);
        assertThat(store.find(expired).orElseThrow().status()).isEqualTo(PROPOSED);

        // Within the clock-skew margin of its end, the holder no longer trusts its lease either.
        var ending = ExperimentRecords.nextId();
        store.create(ExperimentRecords.proposed(ending), OWNER,
                Instant.now().plus(ExperimentStore.CLOCK_SKEW_MARGIN.dividedBy(4)));
        assertThatThrownBy(() -> store.update(ending, ExperimentUpdate.to(VALIDATING, PROPOSED).heldBy(OWNER).build()))
                .isInstanceOf(LeaseLostException.class);
        assertThat(store.heartbeat(ending, OWNER, inAMinute())).as("an ending lease is not renewed").isFalse();

        var someoneElses = created(ExperimentRecords.nextId()).id();
        assertThatThrownBy(() -> store.update(someoneElses,
                ExperimentUpdate.to(VALIDATING, PROPOSED).heldBy("host-b:202").build()))
                .isInstanceOf(LeaseLostException.class).hasMessageContaining("held by '" + OWNER + "'");

        var live = created(ExperimentRecords.nextId()).id();
        assertThat(store.update(live, ExperimentUpdate.to(VALIDATING, PROPOSED).heldBy(OWNER).build()).status())
                .isEqualTo(VALIDATING);
        // A state conflict stays a state conflict, not a lost lease.
        assertThatThrownBy(() -> store.update(live, ExperimentUpdate.to(SCORED, EVALUATING).heldBy(OWNER).build()))
                .isInstanceOf(ExperimentConflictException.class).isNotInstanceOf(LeaseLostException.class);
    }

    @Test
    void aFencedUpdateOfASweptExperimentSaysItWasAbandoned() {
        var id = ExperimentRecords.nextId();
        store.create(ExperimentRecords.proposed(id), OWNER, Instant.now().minusSeconds(5));
        assertThat(store.abandonExpired(Instant.now())).containsExactly(id);
        assertThatThrownBy(() -> store.update(id, ExperimentUpdate.to(VALIDATING, PROPOSED).heldBy(OWNER).build()))
                .isInstanceOf(LeaseLostException.class).hasMessageContaining("was abandoned meanwhile")
                .hasMessageContaining("lease of owner '" + OWNER + "' expired");
    }

    @Test
    void anAdoptionWithAnExpiredLeaseChangesNothing() {
        store.initialiseChampion(new Champion(0, "", "versions/v0/baseline/codec.py", "sha-0", Instant.EPOCH));
        var id = ExperimentRecords.nextId();
        store.create(ExperimentRecords.proposed(id), OWNER, Instant.now().plusSeconds(2));
        score(id);
        pause(Duration.ofMillis(2_100));
        assertThatThrownBy(() -> store.adopt(adoptionOf(id, 0)))
                .isInstanceOf(LeaseLostException.class).hasMessageContaining("expired at").hasMessageContaining("SCORED");
        assertThat(store.champion().orElseThrow().version()).isZero();
        assertThat(store.versions()).hasSize(1);
        assertThat(store.find(id).orElseThrow().status()).isEqualTo(SCORED);
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void heartbeatExtendsOnlyTheOwnersLeaseOfARunningExperiment() {
        var id = ExperimentRecords.nextId();
        var soon = Instant.now().plusSeconds(5).truncatedTo(ChronoUnit.MILLIS);
        store.create(ExperimentRecords.proposed(id), OWNER, soon);
        var later = soon.plus(Duration.ofMinutes(2));

        assertThat(store.heartbeat(id, "host-other:9", later)).isFalse();
        assertThat(store.find(id).orElseThrow().leaseExpiresAt()).isEqualTo(soon);

        assertThat(store.heartbeat(id, OWNER, later)).isTrue();
        assertThat(store.find(id).orElseThrow().leaseExpiresAt()).isEqualTo(later);
        assertThat(store.abandonExpired(soon.plusSeconds(1))).isEmpty();

        score(id);
        assertThat(store.heartbeat(id, OWNER, later.plusSeconds(60))).isTrue();
        store.update(id, ExperimentUpdate.to(REJECTED, SCORED).build());
        assertThat(store.heartbeat(id, OWNER, later.plusSeconds(120))).isFalse();
        assertThat(store.heartbeat("19990101T000000Z-nobody", OWNER, later)).isFalse();
    }

    @Test
    void hugeFailureDetailsAreCutAndTheItemStaysSmall() {
        var id = ExperimentRecords.nextId();
        created(id);
        var traceback = "frame\n".repeat(200_000) + "ValueError: the end";

        store.update(id, ExperimentUpdate.to(FAILED, PROPOSED)
                .failure(new Failure("search", "CRASH", "m".repeat(50_000), traceback)).build());

        var raw = rawItem(id);
        assertThat(raw.get("failure").m().get("tracebackTail").s()).endsWith("ValueError: the end")
                .hasSizeLessThanOrEqualTo(ExperimentItems.MAX_TRACEBACK_CHARS);
        int approximateBytes = raw.toString().length();
        assertThat(approximateBytes).isLessThan(40_000);
    }

    @Test
    void operationsDoNotScan() {
        // Every read above is a GetItem or a Query; this guards the table design: a store built on a client
        // whose Scan always fails still serves every read.
        var noScan = aws.clients().dynamoDb(new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(software.amazon.awssdk.core.interceptor.Context.BeforeExecution context,
                                                software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
                        if (context.request() instanceof software.amazon.awssdk.services.dynamodb.model.ScanRequest) {
                            throw new AssertionError("Scan called");
                        }
                    }
                });
        var guarded = DynamoDbExperimentStore.create(noScan, store.experimentsTable().replace("-experiments", ""));
        var id = ExperimentRecords.nextId();
        guarded.create(ExperimentRecords.proposed(id), OWNER, Instant.now().minusSeconds(1));
        guarded.initialiseChampion(new Champion(0, "", "k", "s", Instant.EPOCH));

        assertThat(guarded.latest(5)).hasSize(1);
        assertThat(guarded.byStatus(PROPOSED, 5)).hasSize(1);
        assertThat(guarded.findByCodeSha256("sha-" + id)).isPresent();
        assertThat(guarded.versions()).hasSize(1);
        assertThat(guarded.abandonExpired(Instant.now())).containsExactly(id);
    }

}
