package io.codeclab.orchestrator.experiment.dynamodb;

import io.codeclab.orchestrator.experiment.Champion;
import io.codeclab.orchestrator.experiment.ExperimentRecord;
import io.codeclab.orchestrator.experiment.ExperimentStatus;
import io.codeclab.orchestrator.experiment.ExperimentStoreException;
import io.codeclab.orchestrator.experiment.Failure;
import io.codeclab.orchestrator.experiment.LlmUsage;
import io.codeclab.orchestrator.experiment.SearchChoices;
import io.codeclab.orchestrator.experiment.StageResult;
import io.codeclab.orchestrator.experiment.ValidationViolation;
import io.codeclab.orchestrator.experiment.VersionRecord;
import io.codeclab.eval.harness.QualityPoint;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static io.codeclab.orchestrator.experiment.dynamodb.TableSchema.*;

/**
 * Maps experiment records, their parts and the version history to DynamoDB items and back: the only place
 * that knows value encodings (docs/storage.md describes them; attribute names are {@link TableSchema}'s).
 *
 * <p>Doubles: finite values in DynamoDB's number range are numbers written as the shortest decimal that
 * reads back as the same double ({@link BigDecimal#valueOf(double)}); NaN, the infinities (a lossless
 * codec has PSNR = Infinity) and values outside the range (about 1E-130 to 1E+126) are strings as
 * {@link Double#toString(double)} writes them. Readers accept both.
 */
final class ExperimentItems {

    /** Keeps items far below DynamoDB's 400 KB: long texts belong in the artifact store. */
    static final int MAX_VIOLATIONS = 100;
    static final int MAX_VIOLATION_MESSAGE_CHARS = 300;
    static final int MAX_MESSAGE_CHARS = 2_000;
    static final int MAX_TRACEBACK_CHARS = 8_000;

    private static final BigDecimal MIN_MAGNITUDE = new BigDecimal("1E-130");
    private static final BigDecimal MAX_MAGNITUDE = new BigDecimal("1E+126");

    private ExperimentItems() {
    }

    // ---- whole records

    static Map<String, AttributeValue> toItem(ExperimentRecord r) {
        var item = new HashMap<String, AttributeValue>();
        item.put(ID, s(r.id()));
        item.put(STATUS, s(r.status().name()));
        item.put(FEED, s(FEED_VALUE));
        item.put(CHAMPION_VERSION, n(r.championVersion()));
        if (r.adoptedVersion() != null) {
            item.put(ADOPTED_VERSION, n(r.adoptedVersion()));
        }
        item.put(SOURCE, s(r.source()));
        if (!r.codeSha256().isEmpty()) {
            // A key of the code-hash index cannot be an empty string: no hash, no index entry.
            item.put(CODE_SHA256, s(r.codeSha256()));
        }
        if (!r.normalizedSha256().isEmpty()) {
            item.put(NORMALIZED_SHA256, s(r.normalizedSha256()));
        }
        item.put(PARENT_EXPERIMENT_ID, s(r.parentExperimentId()));
        item.put(SUMMARY, s(truncate(r.summary(), MAX_MESSAGE_CHARS)));
        item.put(LLM_USAGE, llmUsage(r.llmUsage()));
        // Lists and the artifact map always exist, so updates can list_append and SET artifacts.#k.
        item.put(VIOLATIONS, violations(r.violations()));
        item.put(STAGES, stages(r.stages()));
        item.put(POINTS, points(r.points()));
        if (r.bdRateVsChampionPercent() != null) {
            item.put(BD_RATE_VS_CHAMPION, number(r.bdRateVsChampionPercent()));
        }
        if (r.bdRateVsX264Percent() != null) {
            item.put(BD_RATE_VS_X264, number(r.bdRateVsX264Percent()));
        }
        if (r.failure() != null) {
            item.put(FAILURE, failure(r.failure()));
        }
        item.put(ARTIFACTS, artifacts(r.artifacts()));
        if (r.leaseOwner() != null) {
            item.put(LEASE_OWNER, s(r.leaseOwner()));
        }
        if (r.leaseExpiresAt() != null) {
            item.put(LEASE_EXPIRES_AT, epochMillis(r.leaseExpiresAt()));
        }
        item.put(CREATED_AT, instant(r.createdAt()));
        item.put(UPDATED_AT, instant(r.updatedAt()));
        if (!r.searchChoices().isNone()) {
            item.put(SEARCH_CHOICES, searchChoices(r.searchChoices()));
        }
        return item;
    }

    static ExperimentRecord fromItem(Map<String, AttributeValue> item) {
        return new ExperimentRecord(
                str(item, ID),
                ExperimentStatus.valueOf(str(item, STATUS)),
                integer(item.get(CHAMPION_VERSION)),
                item.containsKey(ADOPTED_VERSION) ? integer(item.get(ADOPTED_VERSION)) : null,
                str(item, SOURCE),
                optStr(item, CODE_SHA256),
                optStr(item, PARENT_EXPERIMENT_ID),
                optStr(item, SUMMARY),
                item.containsKey(LLM_USAGE) ? llmUsage(item.get(LLM_USAGE).m()) : LlmUsage.NONE,
                list(item.get(VIOLATIONS), ExperimentItems::violation),
                list(item.get(STAGES), ExperimentItems::stage),
                list(item.get(POINTS), ExperimentItems::point),
                item.containsKey(BD_RATE_VS_CHAMPION) ? toDouble(item.get(BD_RATE_VS_CHAMPION)) : null,
                item.containsKey(BD_RATE_VS_X264) ? toDouble(item.get(BD_RATE_VS_X264)) : null,
                item.containsKey(FAILURE) ? failure(item.get(FAILURE).m()) : null,
                artifacts(item.get(ARTIFACTS)),
                item.containsKey(LEASE_OWNER) ? item.get(LEASE_OWNER).s() : null,
                item.containsKey(LEASE_EXPIRES_AT) ? Instant.ofEpochMilli(toLong(item.get(LEASE_EXPIRES_AT))) : null,
                Instant.parse(str(item, CREATED_AT)),
                Instant.parse(str(item, UPDATED_AT)),
                optStr(item, NORMALIZED_SHA256),
                item.containsKey(SEARCH_CHOICES) ? searchChoices(item.get(SEARCH_CHOICES).m()) : SearchChoices.NONE);
    }

    static AttributeValue searchChoices(SearchChoices c) {
        return AttributeValue.fromM(Map.of("parent", choice(c.parent()),
                "inspirations", AttributeValue.fromL(c.inspirations().stream().map(ExperimentItems::choice).toList())));
    }

    private static AttributeValue choice(SearchChoices.Choice c) {
        return AttributeValue.fromM(Map.of("experimentId", s(c.experimentId()), "mode", s(c.mode()),
                "why", s(truncate(c.why(), MAX_MESSAGE_CHARS))));
    }

    private static SearchChoices searchChoices(Map<String, AttributeValue> m) {
        return new SearchChoices(choice(m.get("parent").m()), list(m.get("inspirations"), v -> choice(v.m())));
    }

    private static SearchChoices.Choice choice(Map<String, AttributeValue> m) {
        return new SearchChoices.Choice(optStr(m, "experimentId"), str(m, "mode"), optStr(m, "why"));
    }

    static Map<String, AttributeValue> versionItem(VersionRecord v) {
        var item = new HashMap<String, AttributeValue>();
        item.put(PK, s(VERSION_PK));
        item.put(SK, n(v.version()));
        item.put(VERSION, n(v.version()));
        item.put(EXPERIMENT_ID, s(v.experimentId()));
        item.put(ADOPTED_AT, instant(v.adoptedAt()));
        if (v.bdRateVsPreviousPercent() != null) {
            item.put(BD_RATE_VS_PREVIOUS, number(v.bdRateVsPreviousPercent()));
        }
        item.put(CODE_KEY, s(v.codeKey()));
        item.put(CODE_SHA256, s(v.codeSha256()));
        return item;
    }

    static VersionRecord versionRecord(Map<String, AttributeValue> item) {
        return new VersionRecord(integer(item.get(VERSION)), str(item, EXPERIMENT_ID),
                Instant.parse(str(item, ADOPTED_AT)),
                item.containsKey(BD_RATE_VS_PREVIOUS) ? toDouble(item.get(BD_RATE_VS_PREVIOUS)) : null,
                str(item, CODE_KEY), str(item, CODE_SHA256));
    }

    static Map<String, AttributeValue> championKey() {
        return Map.of(PK, s(CHAMPION_PK), SK, n(0));
    }

    static Map<String, AttributeValue> versionKey(int version) {
        return Map.of(PK, s(VERSION_PK), SK, n(version));
    }

    static Map<String, AttributeValue> championItem(Champion c) {
        var item = new HashMap<>(championKey());
        item.putAll(championAttributes(c));
        return item;
    }

    /** The champion item's attributes without its key, for SET in an update. */
    static Map<String, AttributeValue> championAttributes(Champion c) {
        var item = new LinkedHashMap<String, AttributeValue>();
        item.put(VERSION, n(c.version()));
        item.put(EXPERIMENT_ID, s(c.experimentId()));
        item.put(CODE_KEY, s(c.codeKey()));
        item.put(CODE_SHA256, s(c.codeSha256()));
        item.put(ADOPTED_AT, instant(c.adoptedAt()));
        return item;
    }

    static Champion champion(Map<String, AttributeValue> item) {
        return new Champion(integer(item.get(VERSION)), str(item, EXPERIMENT_ID), str(item, CODE_KEY),
                str(item, CODE_SHA256), Instant.parse(str(item, ADOPTED_AT)));
    }

    // ---- parts, also used to build updates

    static AttributeValue violations(List<ValidationViolation> violations) {
        var kept = violations.size() > MAX_VIOLATIONS ? violations.subList(0, MAX_VIOLATIONS) : violations;
        return AttributeValue.fromL(kept.stream().map(ExperimentItems::violation).toList());
    }

    static AttributeValue stages(List<StageResult> stages) {
        return AttributeValue.fromL(stages.stream().map(ExperimentItems::stage).toList());
    }

    static AttributeValue points(List<QualityPoint> points) {
        return AttributeValue.fromL(points.stream().map(ExperimentItems::point).toList());
    }

    static AttributeValue artifacts(Map<String, String> artifacts) {
        var m = new HashMap<String, AttributeValue>();
        artifacts.forEach((k, v) -> m.put(k, s(v)));
        return AttributeValue.fromM(m);
    }

    static AttributeValue llmUsage(LlmUsage u) {
        return AttributeValue.fromM(Map.of(
                "inputTokens", n(u.inputTokens()),
                "outputTokens", n(u.outputTokens()),
                "costUsd", number(u.costUsd()),
                "latencyMillis", n(u.latencyMillis())));
    }

    static AttributeValue failure(Failure f) {
        return AttributeValue.fromM(Map.of(
                "stage", s(f.stage()),
                "kind", s(f.kind()),
                "message", s(truncate(f.message(), MAX_MESSAGE_CHARS)),
                "tracebackTail", s(tail(f.tracebackTail(), MAX_TRACEBACK_CHARS))));
    }

    static AttributeValue violation(ValidationViolation v) {
        return AttributeValue.fromM(Map.of(
                "line", n(v.line()),
                "column", n(v.column()),
                "rule", s(v.rule()),
                "message", s(truncate(v.message(), MAX_VIOLATION_MESSAGE_CHARS))));
    }

    static AttributeValue stage(StageResult st) {
        return AttributeValue.fromM(Map.of(
                "stage", s(st.stage()),
                "status", s(st.status()),
                "wallSeconds", number(st.wallSeconds()),
                "cpuSeconds", number(st.cpuSeconds()),
                "peakMemoryBytes", n(st.peakMemoryBytes()),
                "backend", s(st.backend())));
    }

    static AttributeValue point(QualityPoint p) {
        var m = new HashMap<String, AttributeValue>();
        m.put("quality", n(p.quality()));
        m.put("bytes", n(p.bytes()));
        m.put("kbps", number(p.kbps()));
        m.put("bpp", number(p.bpp()));
        m.put("psnrY", number(p.psnrY()));
        m.put("psnrRgb", number(p.psnrRgb()));
        m.put("ssimY", number(p.ssimY()));
        m.put("encodeFps", number(p.encodeFps()));
        m.put("decodeFps", number(p.decodeFps()));
        return AttributeValue.fromM(m);
    }

    private static LlmUsage llmUsage(Map<String, AttributeValue> m) {
        return new LlmUsage(toLong(m.get("inputTokens")), toLong(m.get("outputTokens")),
                toDouble(m.get("costUsd")), toLong(m.get("latencyMillis")));
    }

    private static Failure failure(Map<String, AttributeValue> m) {
        return new Failure(str(m, "stage"), str(m, "kind"), str(m, "message"), optStr(m, "tracebackTail"));
    }

    private static ValidationViolation violation(AttributeValue v) {
        var m = v.m();
        return new ValidationViolation(integer(m.get("line")), integer(m.get("column")), str(m, "rule"),
                str(m, "message"));
    }

    private static StageResult stage(AttributeValue v) {
        var m = v.m();
        return new StageResult(str(m, "stage"), str(m, "status"), toDouble(m.get("wallSeconds")),
                toDouble(m.get("cpuSeconds")), toLong(m.get("peakMemoryBytes")), str(m, "backend"));
    }

    private static QualityPoint point(AttributeValue v) {
        var m = v.m();
        return new QualityPoint(integer(m.get("quality")), toLong(m.get("bytes")), toDouble(m.get("kbps")),
                toDouble(m.get("bpp")), toDouble(m.get("psnrY")), toDouble(m.get("psnrRgb")),
                toDouble(m.get("ssimY")), toDouble(m.get("encodeFps")), toDouble(m.get("decodeFps")));
    }

    private static Map<String, String> artifacts(AttributeValue v) {
        if (v == null || !v.hasM()) {
            return Map.of();
        }
        var out = new HashMap<String, String>();
        v.m().forEach((k, val) -> out.put(k, val.s()));
        return out;
    }

    private static <T> List<T> list(AttributeValue v, Function<AttributeValue, T> element) {
        if (v == null || !v.hasL()) {
            return List.of();
        }
        var out = new ArrayList<T>(v.l().size());
        v.l().forEach(e -> out.add(element.apply(e)));
        return out;
    }

    // ---- scalars

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static AttributeValue instant(Instant value) {
        return AttributeValue.fromS(value.toString());
    }

    static AttributeValue epochMillis(Instant value) {
        return n(value.toEpochMilli());
    }

    /** A double as a DynamoDB number when it is one, else as a string (see the class comment). */
    static AttributeValue number(double value) {
        if (Double.isFinite(value)) {
            var decimal = BigDecimal.valueOf(value);
            var magnitude = decimal.abs();
            if (Double.doubleToRawLongBits(value) == 0L) {
                return AttributeValue.fromN("0");
            }
            // -0.0 has no DynamoDB number form: it falls through to a string, like NaN.
            if (value != 0.0 && magnitude.compareTo(MIN_MAGNITUDE) >= 0 && magnitude.compareTo(MAX_MAGNITUDE) < 0) {
                return AttributeValue.fromN(decimal.toString());
            }
        }
        return AttributeValue.fromS(Double.toString(value));
    }

    static double toDouble(AttributeValue v) {
        if (v.n() != null) {
            return new BigDecimal(v.n()).doubleValue();
        }
        if (v.s() != null) {
            return Double.parseDouble(v.s());
        }
        throw new ExperimentStoreException("expected a number or a numeric string, found " + v);
    }

    static long toLong(AttributeValue v) {
        return new BigDecimal(v.n()).longValueExact();
    }

    static int integer(AttributeValue v) {
        return new BigDecimal(v.n()).intValueExact();
    }

    private static String str(Map<String, AttributeValue> item, String name) {
        var v = item.get(name);
        if (v == null || v.s() == null) {
            throw new ExperimentStoreException("item " + item.get(ID) + " lacks string attribute '" + name + "'");
        }
        return v.s();
    }

    private static String optStr(Map<String, AttributeValue> item, String name) {
        var v = item.get(name);
        return v == null || v.s() == null ? "" : v.s();
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    /** Tracebacks matter at their end. */
    private static String tail(String text, int max) {
        return text.length() <= max ? text : "…" + text.substring(text.length() - (max - 1));
    }
}
