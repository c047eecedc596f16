package io.codeclab.eval.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codeclab.eval.Sha256;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A loaded and validated policy document: what candidate programs may import and touch (SPEC §6).
 *
 * <p>The document is JSON (schema version {@value #SCHEMA_VERSION}); the bundled default,
 * {@code default-policy.json} beside this class, describes every field in its {@code $doc} object. The
 * product ships that default; operators replace it with a file ({@link #fromFile}) or an SSM parameter
 * ({@link #fromJson} with the parameter name as source). Nothing a candidate program does can reach it.
 *
 * <p>Validation here mirrors the checker's own, so a malformed policy fails when it is loaded, with the
 * source and the field named, not later inside a sandbox. Immutable; equal when the documents are
 * byte-identical.
 */
public final class Policy {

    public static final int SCHEMA_VERSION = 1;
    public static final String BUNDLED_RESOURCE = "default-policy.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String version;
    private final String source;
    private final byte[] json;
    private final String sha256;
    private final List<String> allowedImports;

    private Policy(String version, String source, byte[] json, List<String> allowedImports) {
        this.version = version;
        this.source = source;
        this.json = json;
        this.sha256 = Sha256.hex(json);
        this.allowedImports = List.copyOf(allowedImports);
    }

    /** The policy shipped with the product. */
    public static Policy bundled() {
        try (InputStream in = Policy.class.getResourceAsStream(BUNDLED_RESOURCE)) {
            if (in == null) {
                throw new PolicyException("the bundled policy " + BUNDLED_RESOURCE
                        + " is missing from the classpath: rebuild codec-eval");
            }
            return parse("bundled:" + BUNDLED_RESOURCE, in.readAllBytes());
        } catch (IOException e) {
            throw new PolicyException("cannot read the bundled policy " + BUNDLED_RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /** Reads a policy file, for example the path given in the configuration. */
    public static Policy fromFile(Path file) {
        Objects.requireNonNull(file, "file");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new PolicyException("cannot read policy file " + file + ": " + e, e);
        }
        return parse(file.toString(), bytes);
    }

    /**
     * Parses a policy document held in memory.
     *
     * @param source where it came from, for messages and logs (for example {@code ssm:/codec-lab/policy})
     */
    public static Policy fromJson(String source, String json) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(json, "json");
        return parse(source, json.getBytes(StandardCharsets.UTF_8));
    }

    public String version() { return version; }

    /** Where the policy was loaded from: {@code bundled:default-policy.json}, a file path, or the caller's name. */
    public String source() { return source; }

    /** Hex SHA-256 of the document's bytes: identifies the exact content, whatever the version says. */
    public String sha256() { return sha256; }

    /** The document exactly as loaded. */
    public String json() { return new String(json, StandardCharsets.UTF_8); }

    /** The document exactly as loaded (a copy). */
    public byte[] jsonBytes() { return json.clone(); }

    /** {@code imports.allowed}: the modules (and their submodules) a program may import, for prompts. */
    public List<String> allowedImports() { return allowedImports; }

    @Override
    public boolean equals(Object o) {
        return o instanceof Policy other && other.sha256.equals(sha256);
    }

    @Override
    public int hashCode() {
        return sha256.hashCode();
    }

    @Override
    public String toString() {
        return "Policy[version=" + version + ", source=" + source + ", sha256=" + sha256.substring(0, 12) + "]";
    }

    static Policy parse(String source, byte[] bytes) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new PolicyException("policy " + source + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new PolicyException("cannot read policy " + source + ": " + e.getMessage(), e);
        }
        var check = new Validator(source);
        check.require(root != null && root.isObject(), "", "must be a JSON object");
        JsonNode schema = root.get("schemaVersion");
        check.require(schema != null && schema.isInt() && schema.intValue() == SCHEMA_VERSION, "schemaVersion",
                "must be " + SCHEMA_VERSION + " (was " + schema + ")");
        JsonNode version = root.get("version");
        check.require(version != null && version.isTextual() && !version.textValue().isBlank(), "version",
                "must be a non-empty string");
        check.optionalPositiveInt(root, "maxSourceBytes");
        check.optionalPositiveInt(root, "maxViolations");
        JsonNode imports = check.object(root, "imports");
        List<String> allowed = check.stringList(imports, "imports", "allowed");
        JsonNode restricted = imports.get("restrictedMembers");
        if (restricted != null) {
            check.require(restricted.isObject(), "imports.restrictedMembers", "must be an object");
            restricted.fieldNames().forEachRemaining(
                    name -> check.stringList(restricted, "imports.restrictedMembers", name));
        }
        check.optionalStringMap(imports, "imports", "alternatives");
        check.stringMap(root, "", "deniedBuiltins");
        JsonNode dunders = check.object(root, "dunders");
        check.stringList(dunders, "dunders", "allowedAttributes");
        check.stringList(dunders, "dunders", "allowedNames");
        check.optionalStringMap(dunders, "dunders", "hints");
        check.stringMap(root, "", "deniedApis");
        check.stringMap(root, "", "deniedAttributeNames");
        check.optionalStringMap(root, "", "deniedKeywords");
        return new Policy(version.textValue(), source, bytes, allowed);
    }

    /** Field checks that throw a {@link PolicyException} naming the source and the field. */
    private record Validator(String source) {

        void require(boolean condition, String field, String problem) {
            if (!condition) {
                String where = field.isEmpty() ? "" : " field " + field;
                throw new PolicyException("policy " + source + ":" + where + " " + problem);
            }
        }

        JsonNode object(JsonNode parent, String field) {
            JsonNode node = parent.get(field);
            require(node != null && node.isObject(), field, "must be an object");
            return node;
        }

        void optionalPositiveInt(JsonNode parent, String field) {
            JsonNode node = parent.get(field);
            require(node == null || (node.isInt() && node.intValue() > 0), field, "must be a positive integer");
        }

        List<String> stringList(JsonNode parent, String path, String field) {
            String name = qualify(path, field);
            JsonNode node = parent.get(field);
            require(node != null && node.isArray(), name, "must be a list of non-empty strings");
            var out = new ArrayList<String>();
            for (JsonNode item : node) {
                require(item.isTextual() && !item.textValue().isEmpty(), name, "must be a list of non-empty strings");
                out.add(item.textValue());
            }
            return out;
        }

        void stringMap(JsonNode parent, String path, String field) {
            String name = qualify(path, field);
            JsonNode node = parent.get(field);
            require(node != null && node.isObject(), name, "must be an object of strings");
            node.fields().forEachRemaining(e -> require(!e.getKey().isEmpty() && e.getValue().isTextual(),
                    name + "." + e.getKey(), "must be a string"));
        }

        void optionalStringMap(JsonNode parent, String path, String field) {
            if (parent.has(field)) {
                stringMap(parent, path, field);
            }
        }

        private static String qualify(String path, String field) {
            return path.isEmpty() ? field : path + "." + field;
        }
    }
}
