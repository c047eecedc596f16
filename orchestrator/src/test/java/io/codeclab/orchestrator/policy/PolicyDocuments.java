package io.codeclab.orchestrator.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codeclab.eval.policy.Policy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;

/** Policy documents for tests: the bundled one with another version and, optionally, fewer allowed imports. */
final class PolicyDocuments {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PolicyDocuments() {
    }

    static String bundledWithVersion(String version) {
        return bundledWith(version, Set.of());
    }

    static String bundledWith(String version, Set<String> removedImports) {
        try {
            var root = (ObjectNode) JSON.readTree(Policy.bundled().json());
            root.put("version", version);
            var allowed = (ArrayNode) root.path("imports").path("allowed");
            for (int i = allowed.size() - 1; i >= 0; i--) {
                if (removedImports.contains(allowed.get(i).asText())) {
                    allowed.remove(i);
                }
            }
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
