package io.codeclab.orchestrator.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the run-experiment document printed: {@code codec-lab run-once --json}, the experiment record. SSM keeps
 * only the first {@value Invocation#OUTPUT_LIMIT} characters, so a long record arrives cut; then the id and status
 * are still read from its beginning and {@link #truncated()} says so.
 */
public record RunOnceOutput(Optional<String> experimentId, Optional<String> experimentStatus,
                            Optional<JsonNode> record, boolean truncated) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([^\"]+)\"");

    public static RunOnceOutput parse(String stdout) {
        int start = stdout.indexOf('{');
        if (start < 0) {
            return new RunOnceOutput(Optional.empty(), Optional.empty(), Optional.empty(), false);
        }
        String json = stdout.substring(start);
        try {
            JsonNode record = JSON.readTree(json);
            if (record != null && record.isObject()) {
                return new RunOnceOutput(text(record, "id"), text(record, "status"), Optional.of(record), false);
            }
        } catch (JsonProcessingException e) {
            // cut by SSM: fall through to the fields at its start
        }
        var id = ID.matcher(json);
        var status = STATUS.matcher(json);
        return new RunOnceOutput(id.find() ? Optional.of(id.group(1)) : Optional.empty(),
                status.find() ? Optional.of(status.group(1)) : Optional.empty(), Optional.empty(), true);
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isTextual() ? Optional.empty() : Optional.of(v.asText());
    }
}
