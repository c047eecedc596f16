package io.codeclab.orchestrator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeclab.eval.policy.Policy;
import io.codeclab.eval.policy.PolicyChecker;
import io.codeclab.eval.policy.Violation;
import io.codeclab.orchestrator.config.CodecLabConfig;
import io.codeclab.sandbox.Sandbox;
import io.codeclab.sandbox.SandboxBackend;
import io.codeclab.sandbox.SandboxConfig;
import io.codeclab.sandbox.Sandboxes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's path: one source from the configuration, asked before every check, picks up an edited file. */
class PolicyFileReloadIT {

    private static final String USES_ZLIB = """
            import zlib


            def encode(frames, quality):
                return zlib.compress(bytes(frames[0].tobytes()), quality)
            """;

    @TempDir
    Path dir;

    @Test
    void anEditedPolicyFileJudgesTheNextCheckThroughTheSameSource() throws IOException {
        Path file = dir.resolve("policy.json");
        Files.write(file, Policy.bundled().jsonBytes());
        String bundledVersion = Policy.bundled().version();
        var config = CodecLabConfig.load(Optional.empty(), Map.of(), Map.of(
                CodecLabConfig.POLICY_FILE, file.toString(),
                CodecLabConfig.DATA_DIR, dir.resolve("data").toString()));

        try (var policies = PolicySources.fromConfig(config);
             Sandbox sandbox = Sandboxes.create(SandboxConfig.custom().backend(SandboxBackend.BWRAP).build())) {
            var checker = new PolicyChecker(sandbox);

            var before = checker.check(USES_ZLIB, policies.current());
            assertThat(before.accepted()).as(before.feedback()).isTrue();
            assertThat(before.policyVersion()).isEqualTo(bundledVersion);

            Files.writeString(file, PolicyDocuments.bundledWith("no-zlib-1", Set.of("zlib")));

            var after = checker.check(USES_ZLIB, policies.current());
            assertThat(after.accepted()).isFalse();
            assertThat(after.policyVersion()).isEqualTo("no-zlib-1");
            assertThat(after.violations()).extracting(Violation::rule).containsExactly("import-not-allowed");
            assertThat(after.violations().get(0).line()).isEqualTo(1);
            assertThat(after.violations().get(0).message()).contains("zlib");
        }
    }
}
