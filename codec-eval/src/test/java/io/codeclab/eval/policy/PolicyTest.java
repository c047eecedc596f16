package io.codeclab.eval.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyTest {

    @Test
    void bundledPolicyIsVersionedAndHoldsTheSpecDefaults() {
        Policy policy = Policy.bundled();

        assertThat(policy.version()).isEqualTo("2026-12-01.1");
        assertThat(policy.source()).isEqualTo("bundled:default-policy.json");
        assertThat(policy.sha256()).hasSize(64);
        assertThat(policy.allowedImports()).contains("numpy", "cv2", "torch", "torchvision", "torch.nn",
                "torch.nn.functional", "math", "json", "struct", "base64", "zlib", "lzma", "bz2", "io",
                "collections", "itertools", "functools", "typing", "dataclasses", "heapq", "bisect");
        assertThat(policy.allowedImports()).doesNotContain("os", "sys", "pickle", "importlib");
    }

    @Test
    void fromFileReadsAndRemembersTheSource(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("policy.json");
        Files.writeString(file, Policy.bundled().json().replace("2026-12-01.1", "ops-7"));

        Policy policy = Policy.fromFile(file);

        assertThat(policy.version()).isEqualTo("ops-7");
        assertThat(policy.source()).isEqualTo(file.toString());
        assertThat(policy).isNotEqualTo(Policy.bundled());
        assertThat(Policy.fromFile(file)).isEqualTo(policy);
    }

    @Test
    void missingFileIsAPolicyException(@TempDir Path dir) {
        Path missing = dir.resolve("nope.json");

        assertThatThrownBy(() -> Policy.fromFile(missing))
                .isInstanceOf(PolicyException.class)
                .isInstanceOf(io.codeclab.eval.EvaluationException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void malformedDocumentsNameTheSourceAndTheField() {
        String good = Policy.bundled().json();

        assertThatThrownBy(() -> Policy.fromJson("ssm:/p", "{not json"))
                .isInstanceOf(PolicyException.class).hasMessageContaining("ssm:/p").hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> Policy.fromJson("ssm:/p", "[]"))
                .isInstanceOf(PolicyException.class).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> Policy.fromJson("x", good.replace("\"version\": \"2026-12-01.1\"", "\"version\": \"\"")))
                .isInstanceOf(PolicyException.class).hasMessageContaining("field version");
        assertThatThrownBy(() -> Policy.fromJson("x", good.replace("\"schemaVersion\": 1", "\"schemaVersion\": 2")))
                .isInstanceOf(PolicyException.class).hasMessageContaining("schemaVersion");
        assertThatThrownBy(() -> Policy.fromJson("x", good.replace("\"allowed\": [", "\"allowed\": [3, ")))
                .isInstanceOf(PolicyException.class).hasMessageContaining("imports.allowed");
        assertThatThrownBy(() -> Policy.fromJson("x", good.replace("\"deniedApis\": {", "\"deniedApisX\": {")))
                .isInstanceOf(PolicyException.class).hasMessageContaining("deniedApis");
        assertThatThrownBy(() -> Policy.fromJson("x", good.replace("\"load\": \"loading", "\"load\": 1, \"x\": \"loading")))
                .isInstanceOf(PolicyException.class).hasMessageContaining("deniedAttributeNames.load");
    }

    @Test
    void jsonIsKeptVerbatim() {
        Policy policy = Policy.bundled();

        assertThat(Policy.fromJson("copy", policy.json())).isEqualTo(policy);
        assertThat(policy.jsonBytes()).isNotSameAs(policy.jsonBytes());
    }
}
