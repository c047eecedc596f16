package io.codeclab.orchestrator.execlog;

import static io.codeclab.orchestrator.experiment.dynamodb.TableSchema.OUTCOME;
import static io.codeclab.orchestrator.experiment.dynamodb.TableSchema.PK;
import static io.codeclab.orchestrator.experiment.dynamodb.TableSchema.RUNLOG_PK;
import static io.codeclab.orchestrator.experiment.dynamodb.TableSchema.SK;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A {@link LogRecord} as a DynamoDB item and back. Empty strings and empty maps are left out. */
final class LogItems {

    /** The attributes the analysis reads (see {@link RunLogStore#sinceForAnalysis}). */
    static final java.util.List<String> ANALYSED = java.util.List.of(OUTCOME, "at", "experimentId", "seq", "stage",
            "exceptionType", "message", "normalizedMessage", "limit", "sessionId", "linkedFailure", "sessionStage",
            "seconds", "usd", "diff");

    private LogItems() {
    }

    static Map<String, AttributeValue> item(LogRecord r) {
        var m = new HashMap<String, AttributeValue>();
        m.put(PK, AttributeValue.fromS(RUNLOG_PK));
        m.put(SK, AttributeValue.fromS(r.key()));
        m.put(OUTCOME, AttributeValue.fromS(r.outcome()));
        m.put("at", AttributeValue.fromS(r.at().toString()));
        m.put("experimentId", AttributeValue.fromS(r.experimentId()));
        m.put("seq", AttributeValue.fromN(Integer.toString(r.seq())));
        m.put("stage", AttributeValue.fromS(r.stage()));
        put(m, "side", r.side());
        m.put("quality", AttributeValue.fromN(Integer.toString(r.quality())));
        put(m, "status", r.status());
        put(m, "exceptionType", r.exceptionType());
        put(m, "message", r.message());
        put(m, "normalizedMessage", r.normalizedMessage());
        put(m, "tracebackTail", r.tracebackTail());
        put(m, "limit", r.limit());
        put(m, "codeSha256", r.codeSha256());
        put(m, "parentCodeSha256", r.parentCodeSha256());
        put(m, "model", r.model());
        put(m, "sessionId", r.sessionId());
        put(m, "linkedFailure", r.linkedFailure());
        put(m, "sessionStage", r.sessionStage());
        m.put("seconds", AttributeValue.fromN(Double.toString(r.seconds())));
        m.put("usd", AttributeValue.fromN(Double.toString(r.usd())));
        numbers(m, "tunables", r.tunables());
        numbers(m, "parentTunables", r.parentTunables());
        put(m, "diff", r.diff());
        return m;
    }

    static LogRecord record(Map<String, AttributeValue> m) {
        return new LogRecord(Instant.parse(s(m, "at")), s(m, "experimentId"), n(m, "seq").intValue(), s(m, "stage"),
                s(m, "side"), n(m, "quality").intValue(), LogRecord.PASSED.equals(s(m, OUTCOME)), s(m, "status"),
                s(m, "exceptionType"), s(m, "message"), s(m, "normalizedMessage"), s(m, "tracebackTail"),
                s(m, "limit"), s(m, "codeSha256"), s(m, "parentCodeSha256"), s(m, "model"), s(m, "sessionId"),
                s(m, "linkedFailure"), s(m, "sessionStage"), n(m, "seconds"), n(m, "usd"), numbers(m, "tunables"),
                numbers(m, "parentTunables"), s(m, "diff"));
    }

    private static void put(Map<String, AttributeValue> m, String name, String value) {
        if (!value.isEmpty()) {
            m.put(name, AttributeValue.fromS(value));
        }
    }

    private static void numbers(Map<String, AttributeValue> m, String name, Map<String, Double> values) {
        if (!values.isEmpty()) {
            var map = new HashMap<String, AttributeValue>();
            values.forEach((k, v) -> map.put(k, AttributeValue.fromN(Double.toString(v))));
            m.put(name, AttributeValue.fromM(map));
        }
    }

    private static String s(Map<String, AttributeValue> m, String name) {
        var v = m.get(name);
        return v == null || v.s() == null ? "" : v.s();
    }

    private static Double n(Map<String, AttributeValue> m, String name) {
        var v = m.get(name);
        return v == null || v.n() == null ? 0.0 : Double.parseDouble(v.n());
    }

    private static Map<String, Double> numbers(Map<String, AttributeValue> m, String name) {
        var v = m.get(name);
        var out = new TreeMap<String, Double>();
        if (v != null && v.hasM()) {
            v.m().forEach((k, x) -> out.put(k, Double.parseDouble(x.n())));
        }
        return out;
    }
}
