package io.codeclab.orchestrator.experiment.dynamodb;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Builds an update or condition expression with placeholder names ({@code #n0}) and values ({@code :v0}),
 * so no attribute name can clash with one of DynamoDB's reserved words ({@code status} is one).
 */
final class UpdateExpression {
    final Map<String, String> names = new HashMap<>();
    final Map<String, AttributeValue> values = new HashMap<>();
    private final Map<String, String> nameAliases = new LinkedHashMap<>();
    private final List<String> sets = new ArrayList<>();
    private final List<String> removes = new ArrayList<>();

    String name(String attribute) {
        return nameAliases.computeIfAbsent(attribute, a -> {
            var alias = "#n" + nameAliases.size();
            names.put(alias, a);
            return alias;
        });
    }

    String value(AttributeValue v) {
        var alias = ":v" + values.size();
        values.put(alias, v);
        return alias;
    }

    void set(String attribute, AttributeValue v) {
        sets.add(name(attribute) + " = " + value(v));
    }

    void setRaw(String clause) {
        sets.add(clause);
    }

    void remove(String attribute) {
        removes.add(name(attribute));
    }

    String updateExpression() {
        var out = new StringBuilder();
        if (!sets.isEmpty()) {
            out.append("SET ").append(String.join(", ", sets));
        }
        if (!removes.isEmpty()) {
            out.append(out.isEmpty() ? "" : " ").append("REMOVE ").append(String.join(", ", removes));
        }
        return out.toString();
    }
}
