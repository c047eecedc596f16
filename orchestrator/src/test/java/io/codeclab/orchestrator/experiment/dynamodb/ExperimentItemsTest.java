package io.codeclab.orchestrator.experiment.dynamodb;

import io.codeclab.orchestrator.experiment.ExperimentRecord;
import io.codeclab.orchestrator.experiment.ExperimentStatus;
import io.codeclab.orchestrator.experiment.Failure;
import io.codeclab.orchestrator.experiment.LlmUsage;
import io.codeclab.orchestrator.experiment.StageResult;
import io.codeclab.orchestrator.experiment.ValidationViolation;
import io.codeclab.eval.harness.QualityPoint;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.codeclab.orchestrator.testing.ExperimentRecords;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ExperimentItemsTest {

    @Test
    void fullRecordSurvivesARoundTrip() {
        var record = ExperimentRecords.full("20261123T130501Z-3f9a1c");

        assertThat(ExperimentItems.fromItem(ExperimentItems.toItem(record))).isEqualTo(record);
    }

    @Test
    void freshRecordSurvivesARoundTripAndKeepsEmptyCollections() {
        var record = ExperimentRecords.proposed("20261123T130501Z-000001");

        var item = ExperimentItems.toItem(record);

        assertThat(ExperimentItems.fromItem(item)).isEqualTo(record);
        assertThat(item.get("stages").l()).isEmpty();
        assertThat(item.get("artifacts").hasM()).isTrue();
        assertThat(item).doesNotContainKeys("adoptedVersion", "failure", "bdRateVsChampionPercent", "leaseOwner");
    }

    @Test
    void emptyCodeHashIsLeftOutBecauseIndexKeysCannotBeEmpty() {
        var record = ExperimentRecords.proposed("20261123T130501Z-000002", "");

        var item = ExperimentItems.toItem(record);

        assertThat(item).doesNotContainKey("codeSha256");
        assertThat(ExperimentItems.fromItem(item).codeSha256()).isEmpty();
    }

    @Test
    void doublesInDynamoDbsRangeAreNumbersWithTheirShortestDecimal() {
        assertThat(ExperimentItems.number(0.1 + 0.2).n()).isEqualTo("0.30000000000000004");
        assertThat(ExperimentItems.number(45.0).n()).isEqualTo("45.0");
        assertThat(ExperimentItems.number(0.0).n()).isEqualTo("0");
        assertThat(ExperimentItems.number(1e-7).n()).isEqualTo("1.0E-7");
    }

    @Test
    void doublesDynamoDbCannotHoldAreStrings() {
        for (double d : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0,
                Double.MIN_VALUE, Double.MAX_VALUE, 1e-131, 1e126}) {
            var value = ExperimentItems.number(d);
            assertThat(value.n()).as("%s", d).isNull();
            assertThat(Double.compare(ExperimentItems.toDouble(value), d)).as("%s", d).isZero();
        }
    }

    @Test
    void everyDoubleReadsBackBitForBit() {
        var random = new java.util.SplittableRandom(42);
        for (int i = 0; i < 100_000; i++) {
            double d = Double.longBitsToDouble(random.nextLong());
            assertThat(Double.compare(ExperimentItems.toDouble(ExperimentItems.number(d)), d)).as("%s", d).isZero();
        }
    }

    @Test
    void numbersWrittenByOtherToolsAreRead() {
        assertThat(ExperimentItems.toDouble(AttributeValue.fromN("1E-7"))).isEqualTo(1e-7);
        assertThat(ExperimentItems.toDouble(AttributeValue.fromN("0.30000000000000004"))).isEqualTo(0.1 + 0.2);
    }

    @Test
    void longTextsAreCutSoItemsStaySmall() {
        var hugeTraceback = "x".repeat(1_000_000) + "THE END";
        var record = new ExperimentRecord("id", ExperimentStatus.FAILED, 0, null, "offline", "sha", "", "",
                null, List.of(), List.of(), List.of(), null, null,
                new Failure("search", "CRASH", "m".repeat(100_000), hugeTraceback), null, null, null,
                java.time.Instant.EPOCH, java.time.Instant.EPOCH);

        var failure = ExperimentItems.fromItem(ExperimentItems.toItem(record)).failure();

        assertThat(failure.tracebackTail()).hasSizeLessThanOrEqualTo(ExperimentItems.MAX_TRACEBACK_CHARS).endsWith("THE END");
        assertThat(failure.message()).hasSizeLessThanOrEqualTo(ExperimentItems.MAX_MESSAGE_CHARS);
    }

    @Test
    void worstCaseItemStaysFarBelowTheItemLimit() {
        var violations = new java.util.ArrayList<ValidationViolation>();
        for (int i = 0; i < 5_000; i++) {
            violations.add(new ValidationViolation(i, i, "rule-" + i, "v".repeat(10_000)));
        }
        var stages = new java.util.ArrayList<StageResult>();
        var points = new java.util.ArrayList<QualityPoint>();
        var artifacts = new java.util.HashMap<String, String>();
        for (int i = 0; i < 10; i++) {
            stages.add(new StageResult("stage-" + i, "OK", 1, 1, 1, "docker"));
            points.add(new QualityPoint(i, 1, 1, 1, 1, 1, 1, 1, 1));
            artifacts.put("artifact-" + i + ".txt", "experiments/" + "x".repeat(40) + "/artifact-" + i + ".txt");
        }
        var record = new ExperimentRecord("x".repeat(40), ExperimentStatus.FAILED, 0, null, "s".repeat(200),
                "h".repeat(64), "p".repeat(40), "u".repeat(100_000), LlmUsage.NONE, violations, stages, points,
                1.0, 2.0, new Failure("search", "CRASH", "m".repeat(100_000), "t".repeat(1_000_000)), artifacts,
                "owner", java.time.Instant.EPOCH, java.time.Instant.EPOCH, java.time.Instant.EPOCH);

        assertThat(itemBytes(ExperimentItems.toItem(record))).isLessThan(60_000);
    }

    /** DynamoDB's item size: attribute names plus values, UTF-8 (numbers counted generously as strings). */
    private static long itemBytes(java.util.Map<String, AttributeValue> item) {
        long total = 0;
        for (var e : item.entrySet()) {
            total += e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8).length + valueBytes(e.getValue());
        }
        return total;
    }

    private static long valueBytes(AttributeValue v) {
        if (v.s() != null) {
            return v.s().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
        if (v.n() != null) {
            return v.n().length();
        }
        if (v.hasL()) {
            return 3 + v.l().stream().mapToLong(x -> 1 + valueBytes(x)).sum();
        }
        if (v.hasM()) {
            return 3 + itemBytes(v.m());
        }
        return 1;
    }
}
