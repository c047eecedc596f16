package io.codeclab.orchestrator.search;

import static io.codeclab.orchestrator.experiment.dynamodb.TableSchema.CELL;
import static io.codeclab.orchestrator.experiment.dynamodb.TableSchema.FEED;
import static io.codeclab.orchestrator.experiment.dynamodb.TableSchema.NORMALIZED_SHA256;
import static io.codeclab.orchestrator.experiment.dynamodb.TableSchema.PROGRAMS_FEED;
import static io.codeclab.orchestrator.experiment.dynamodb.TableSchema.SCORE;
import static io.codeclab.orchestrator.search.DynamoDbProgramDatabase.n;
import static io.codeclab.orchestrator.search.DynamoDbProgramDatabase.s;
import static io.codeclab.orchestrator.search.DynamoDbProgramDatabase.str;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A {@link ProgramEntry} as a DynamoDB item and back. */
final class ProgramItems {

    private ProgramItems() {
    }

    /** Every attribute of a scored entry except its key. */
    static Map<String, AttributeValue> attributes(ProgramEntry e) {
        var m = new LinkedHashMap<String, AttributeValue>();
        m.put(FEED, s(PROGRAMS_FEED));
        m.put(SCORE, n(e.score()));
        m.put(CELL, s(e.behaviour().cell()));
        m.put("codeSha256", s(e.codeSha256()));
        m.put("experimentId", s(e.experimentId()));
        m.put("parentExperimentId", s(e.parentExperimentId()));
        m.put("source", s(e.source()));
        m.put("codeKey", s(e.codeKey()));
        m.put("scoreBasis", s(e.scoreBasis()));
        m.put("meanBpp", n(e.meanBpp()));
        m.put("meanDecodeFps", n(e.meanDecodeFps()));
        m.put("codeBytes", n(e.codeBytes()));
        m.put("scoredAt", s(e.scoredAt().toString()));
        return m;
    }

    static ProgramEntry entry(Map<String, AttributeValue> item) {
        return new ProgramEntry(str(item, NORMALIZED_SHA256), str(item, "codeSha256"), str(item, "experimentId"),
                str(item, "parentExperimentId"), str(item, "source"), str(item, "codeKey"), number(item, SCORE),
                str(item, "scoreBasis"), Behaviour.parse(str(item, CELL)), number(item, "meanBpp"),
                number(item, "meanDecodeFps"), (int) number(item, "codeBytes"), Instant.parse(str(item, "scoredAt")));
    }

    private static double number(Map<String, AttributeValue> item, String name) {
        var v = item.get(name);
        return v == null || v.n() == null ? 0 : Double.parseDouble(v.n());
    }
}
