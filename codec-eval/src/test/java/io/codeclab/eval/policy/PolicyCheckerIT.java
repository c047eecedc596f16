package io.codeclab.eval.policy;

import io.codeclab.sandbox.Sandbox;
import io.codeclab.sandbox.SandboxBackend;
import io.codeclab.sandbox.SandboxConfig;
import io.codeclab.sandbox.SandboxLaunchException;
import io.codeclab.sandbox.Sandboxes;
import org.junit.jupiter.api.AfterAll;
import io.codeclab.testing.Preconditions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The policy checker in the real bubblewrap sandbox; skipped only where that backend cannot be created. */
class PolicyCheckerIT {

    private static final Policy POLICY = Policy.bundled();
    private static Sandbox sandbox;
    private static PolicyChecker checker;
    private static String unavailable;

    @BeforeAll
    static void createSandbox() {
        try {
            sandbox = Sandboxes.create(SandboxConfig.custom().backend(SandboxBackend.BWRAP).build());
            checker = new PolicyChecker(sandbox);
        } catch (SandboxLaunchException e) {
            unavailable = e.getMessage();
        }
    }

    @BeforeEach
    void requireSandbox() {
        // Per test, so each one is reported as skipped with the reason.
        Preconditions.bwrap(unavailable == null, () -> "the bwrap sandbox backend cannot be created here: "
                + unavailable);
    }

    @AfterAll
    static void closeSandbox() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void seedRegressionIsAcceptedInTheSandbox() {
        PolicyVerdict verdict = checker.check("import torchvision\nimport torch\nm = torch.nn.Linear(2, 2)\nm.eval()\n",
                POLICY);

        assertThat(verdict.accepted()).as(verdict.feedback()).isTrue();
        assertThat(verdict.policyVersion()).isEqualTo(POLICY.version());
    }

    @Test
    void escapeIsRejectedInTheSandbox() {
        PolicyVerdict verdict = checker.check("x = ().__class__.__base__.__subclasses__()\n", POLICY);

        assertThat(verdict.violations()).extracting(Violation::rule).containsExactly("dunder-attribute");
    }

    @Test
    void wholeCorpusGivesTheSameVerdictsInTheSandbox() throws IOException, URISyntaxException {
        var accepted = new java.util.ArrayList<>(PolicyCorpusTest.snippets("accept"));
        accepted.addAll(PolicyCorpusTest.snippets("honest"));
        for (Path snippet : accepted) {
            assertThat(checker.check(Files.readString(snippet, StandardCharsets.UTF_8), POLICY).accepted())
                    .as(snippet.toString()).isTrue();
        }
        for (Path snippet : PolicyCorpusTest.snippets("reject")) {
            String source = Files.readString(snippet, StandardCharsets.UTF_8);
            // "# expect: rule [line N]" or "# expect-each: rule|rule"
            String expected = source.lines().findFirst().orElseThrow().replaceFirst("^# expect(-each)?: ", "").split(" ")[0];
            assertThat(checker.check(source, POLICY).violations()).extracting(Violation::rule)
                    .as(snippet.toString()).containsAnyElementsOf(java.util.List.of(expected.split("\\|")));
        }
    }
}
