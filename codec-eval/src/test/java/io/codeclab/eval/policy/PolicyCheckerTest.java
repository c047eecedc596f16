package io.codeclab.eval.policy;

import io.codeclab.sandbox.SandboxLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyCheckerTest {

    private final UnconfinedProcessSandbox sandbox = new UnconfinedProcessSandbox();
    private final PolicyChecker checker = new PolicyChecker(sandbox);
    private final Policy policy = Policy.bundled();

    @AfterEach
    void close() {
        sandbox.close();
    }

    @Test
    void violationCarriesLineColumnRuleAndActionableMessage() {
        PolicyVerdict verdict = checker.check("import numpy as np\n\nx = eval('1')\n", policy);

        assertThat(verdict.accepted()).isFalse();
        assertThat(verdict.violations()).singleElement().satisfies(v -> {
            assertThat(v.line()).isEqualTo(3);
            assertThat(v.column()).isEqualTo(5);
            assertThat(v.rule()).isEqualTo("denied-builtin");
            assertThat(v.message()).contains("eval").contains("model.eval()");
        });
        assertThat(verdict.feedback()).contains("3:5 denied-builtin");
    }

    @Test
    void fileApiMessageSaysWhatToUseInstead() {
        PolicyVerdict verdict = checker.check("import io\nf = io.FileIO('/etc/passwd')\n", policy);

        assertThat(verdict.violations()).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo("denied-api");
            assertThat(v.line()).isEqualTo(2);
            assertThat(v.column()).isEqualTo(8);
            assertThat(v.message()).contains("io.BytesIO");
        });
    }

    @Test
    void syntaxErrorIsRejectedWithTheParsersMessageAndLine() {
        PolicyVerdict verdict = checker.check("import numpy as np\n\ndef encode(frames, quality:\n    return b''\n",
                policy);

        assertThat(verdict.violations()).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo("syntax-error");
            assertThat(v.line()).isEqualTo(3);
            assertThat(v.message()).isEqualTo("SyntaxError: '(' was never closed");
        });
    }

    @Test
    void hostileInputsAreRejectedNotCrashed() {
        String nullByte = "x = 1\0\n";
        String tooLarge = "#".repeat(1024 * 1024 + 1);
        String tooDeep = "x = " + "1+".repeat(100_000) + "1\n";
        String tooNested = "x = " + "(".repeat(300) + "1" + ")".repeat(300) + "\n";

        assertThat(checker.check(nullByte, policy).violations()).extracting(Violation::rule)
                .containsExactly("syntax-error");
        assertThat(checker.check(tooLarge, policy).violations()).extracting(Violation::rule)
                .containsExactly("too-large");
        assertThat(checker.check(tooDeep, policy).violations()).extracting(Violation::rule)
                .containsExactly("too-complex");
        assertThat(checker.check(tooNested, policy).violations()).singleElement()
                .satisfies(v -> assertThat(v.message()).contains("too many nested parentheses"));
    }

    @Test
    void longViolationListIsCutWithAFinalNotice() {
        var source = new StringBuilder("import numpy as np\n");
        for (int i = 0; i < 80; i++) {
            source.append("x").append(i).append(" = np.load\n");
        }

        PolicyVerdict verdict = checker.check(source.toString(), policy);

        assertThat(verdict.violations()).hasSize(51);
        assertThat(verdict.violations().get(49).line()).isEqualTo(51);
        assertThat(verdict.violations().get(50).rule()).isEqualTo("too-many-violations");
    }

    @Test
    void columnsCountCharactersNotBytes() {
        PolicyVerdict verdict = checker.check("s = 'ééé'; eval(s)\n", policy);

        assertThat(verdict.violations()).singleElement().extracting(Violation::column).isEqualTo(12);
    }

    @Test
    void candidateIsNeverExecuted() {
        // Executing this would print garbage over the verdict and exit 9, or never return.
        String source = "print('EXECUTED')\nraise SystemExit(9)\nwhile True:\n    pass\n";

        PolicyVerdict verdict = checker.check(source, policy);

        assertThat(verdict.accepted()).isTrue();
    }

    @Test
    void verdictFollowsThePolicyGiven() {
        String source = "import random\nr = random.random()\n";
        Policy permissive = Policy.fromJson("test", policy.json()
                .replace("\"version\": \"2026-12-01.1\"", "\"version\": \"test-random\"")
                .replace("\"bisect\",", "\"bisect\", \"random\","));

        PolicyVerdict strict = checker.check(source, policy);
        PolicyVerdict relaxed = checker.check(source, permissive);

        assertThat(strict.violations()).extracting(Violation::rule).containsExactly("import-not-allowed");
        assertThat(strict.violations().get(0).message()).contains("np.random.default_rng");
        assertThat(relaxed.accepted()).isTrue();
        assertThat(relaxed.policyVersion()).isEqualTo("test-random");
    }

    @Test
    void policySavedWithAByteOrderMarkWorksOnBothSides(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("policy.json");
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] json = policy.jsonBytes();
        byte[] both = new byte[bom.length + json.length];
        System.arraycopy(bom, 0, both, 0, bom.length);
        System.arraycopy(json, 0, both, bom.length, json.length);
        Files.write(file, both);

        PolicyVerdict verdict = checker.check("import os\n", Policy.fromFile(file));

        assertThat(verdict.violations()).extracting(Violation::rule).containsExactly("import-not-allowed");
    }

    @Test
    void checkerThatDoesNotFinishIsAnExceptionNotAnAcceptance() {
        var tooShort = PolicyChecker.DEFAULT_LIMITS.toBuilder().wallTimeout(Duration.ofMillis(1)).build();
        var impatient = new PolicyChecker(sandbox, tooShort);

        assertThatThrownBy(() -> impatient.check("x = 1\n", policy))
                .isInstanceOf(PolicyCheckException.class)
                .hasMessageContaining("TIMEOUT")
                .satisfies(e -> assertThat(((PolicyCheckException) e).sandboxStatus()).isEqualTo("TIMEOUT"));
    }

    @Test
    void defaultLimitsAreSmall() {
        SandboxLimits limits = PolicyChecker.DEFAULT_LIMITS;

        assertThat(limits.memoryBytes()).isEqualTo(256L * 1024 * 1024);
        assertThat(limits.wallTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(limits.cpus()).isEqualTo(1.0);
    }

    @Test
    void unreadableOutputIsAnException() {
        assertThatThrownBy(() -> PolicyChecker.parseVerdict("Traceback (most recent call last):", "v1"))
                .isInstanceOf(PolicyCheckException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> PolicyChecker.parseVerdict(
                "{\"accepted\":true,\"policyVersion\":\"v2\",\"violations\":[]}", "v1"))
                .isInstanceOf(PolicyCheckException.class).hasMessageContaining("names policy v2");
        assertThatThrownBy(() -> PolicyChecker.parseVerdict("{\"accepted\":true,\"policyVersion\":\"v1\","
                + "\"violations\":[{\"line\":1,\"column\":1,\"rule\":\"r\",\"message\":\"m\"}]}", "v1"))
                .isInstanceOf(PolicyCheckException.class).hasMessageContaining("accepted exactly when");
        assertThatThrownBy(() -> PolicyChecker.parseVerdict("{\"accepted\":false,\"policyVersion\":\"v1\","
                + "\"violations\":[{\"line\":\"1\",\"column\":1,\"rule\":\"r\",\"message\":\"m\"}]}", "v1"))
                .isInstanceOf(PolicyCheckException.class).hasMessageContaining("lacks line");
    }

    @Test
    void wellFormedOutputIsParsed() {
        PolicyVerdict verdict = PolicyChecker.parseVerdict("{\"accepted\":false,\"policyVersion\":\"v1\",\"checker\":1,"
                + "\"violations\":[{\"line\":4,\"column\":2,\"rule\":\"dunder-name\",\"message\":\"m\"}]}\n", "v1");

        assertThat(verdict).isEqualTo(new PolicyVerdict(false, "v1", java.util.List.of(
                new Violation(4, 2, "dunder-name", "m"))));
    }
}
