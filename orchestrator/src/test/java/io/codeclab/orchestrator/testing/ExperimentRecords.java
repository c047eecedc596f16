package io.codeclab.orchestrator.testing;

import io.codeclab.eval.harness.QualityPoint;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.codeclab.orchestrator.experiment.ExperimentRecord;
import io.codeclab.orchestrator.experiment.ExperimentStatus;
import io.codeclab.orchestrator.experiment.Failure;
import io.codeclab.orchestrator.experiment.LlmUsage;
import io.codeclab.orchestrator.experiment.StageResult;
import io.codeclab.orchestrator.experiment.ValidationViolation;

/** Experiment records for store tests, with time-sortable ids as the orchestrator makes them. */
public final class ExperimentRecords {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Instant BASE = Instant.parse("2026-11-23T13:05:01Z");

    private ExperimentRecords() {
    }

    /** Ids that sort in creation order: {@code 20261123T130501Z-000001}, ... */
    public static String nextId() {
        int n = SEQUENCE.incrementAndGet();
        var at = BASE.plusSeconds(n);
        return at.toString().replace("-", "").replace(":", "").replace("Z", "Z-") + String.format("%06d", n);
    }

    public static ExperimentRecord proposed(String id) {
        return ExperimentRecord.proposed(id, 0, "offline", "sha-" + id, "", "a proposal", LlmUsage.NONE,
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    public static ExperimentRecord proposed(String id, String codeSha256) {
        return ExperimentRecord.proposed(id, 0, "offline", codeSha256, "", "a proposal", LlmUsage.NONE,
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    /** Every component filled, with doubles that DynamoDB cannot hold as numbers among them. */
    public static ExperimentRecord full(String id) {
        var now = Instant.parse("2026-11-23T13:05:01.123456789Z");
        return new ExperimentRecord(id, ExperimentStatus.SCORED, 3, null, "openai:gpt-test", "ab".repeat(32),
                "20261123T120000Z-parent", "quantiser tweak",
                new LlmUsage(1234, 5678, 0.012345678901234567, 2345),
                List.of(new ValidationViolation(3, 7, "import", "os is not allowed"),
                        new ValidationViolation(9, 1, "builtin", "eval() is forbidden")),
                List.of(new StageResult("smoke", "OK", 1.25, 0.75, 123_456_789L, "bwrap"),
                        new StageResult("search", "OK", 12.5, 11.0, 987_654_321L, "docker")),
                List.of(new QualityPoint(2, 12_345, 0.1 + 0.2, 1e-7, Double.POSITIVE_INFINITY, 45.678901234567,
                                0.99999999999, 123.456, Double.NaN),
                        new QualityPoint(8, 99_999_999_999L, Double.MAX_VALUE, Double.MIN_VALUE, -0.0, 1e-200,
                                1e126, 9.999999999999999e125, Double.NEGATIVE_INFINITY)),
                -3.141592653589793, 1000.0000000000001,
                new Failure("search", "CRASH", "ZeroDivisionError: division by zero", "Traceback...\n  line 3"),
                Map.of("code.py", "experiments/" + id + "/code.py", "prompt.txt", "experiments/" + id + "/prompt.txt"),
                "host-a:1234", Instant.ofEpochMilli(1_800_000_000_123L), now, now.plusSeconds(5));
    }
}
