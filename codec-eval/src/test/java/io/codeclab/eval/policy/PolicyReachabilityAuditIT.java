package io.codeclab.eval.policy;

import io.codeclab.testing.Preconditions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code audit_reachable.py}: walks the public attribute chains of every allowed module (numpy,
 * cv2, torch, torchvision, ...) and fails if a chain the policy lets through ends at a dangerous module or
 * builtin. Catches policy edits that reopen paths such as {@code base64.re.enum.bltns.eval}.
 */
class PolicyReachabilityAuditIT {

    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path dir;

    @BeforeAll
    static void requireLibraries() throws IOException, InterruptedException {
        Process probe = new ProcessBuilder(PYTHON, "-c", "import numpy, cv2, torch, torchvision")
                .redirectErrorStream(true).start();
        probe.getInputStream().readAllBytes();
        Preconditions.bwrap(probe.waitFor() == 0, () ->
                PYTHON + " lacks numpy, cv2, torch or torchvision: install python3-numpy python3-opencv python3-torch"
                        + " python3-torchvision");
    }

    private record Audit(int exitCode, String output) {
    }

    private Audit audit(String policyJson) throws IOException, InterruptedException {
        Path script = dir.resolve("audit_reachable.py");
        try (InputStream in = getClass().getResourceAsStream("audit_reachable.py")) {
            Files.write(script, in.readAllBytes());
        }
        Path policy = dir.resolve("policy.json");
        Files.writeString(policy, policyJson);
        Process process = new ProcessBuilder(PYTHON, script.toString(), policy.toString(), "8")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return new Audit(process.exitValue(), output);
    }

    @Test
    void bundledPolicyLeavesNoDangerousModuleOrBuiltinReachable() throws IOException, InterruptedException {
        Audit audit = audit(Policy.bundled().json());

        assertThat(audit.exitCode()).as(audit.output()).isZero();
        assertThat(audit.output()).contains("0 reachable dangers");
    }

    @Test
    void auditFindsAPathThatAWeakenedPolicyReopens() throws IOException, InterruptedException {
        String weakened = Policy.bundled().json().replaceFirst("\\n\\s*\"bltns\": \"[^\"]*\",", "");
        assertThat(weakened).doesNotContain("\"bltns\"");

        Audit audit = audit(weakened);

        assertThat(audit.exitCode()).isEqualTo(1);
        assertThat(audit.output()).contains("enum.bltns -> module builtins");
    }

    @Test
    void auditFindsAFilePathEntryPointThatAWeakenedPolicyReopens() throws IOException, InterruptedException {
        // The general rule, not the spelling: drop VideoCapture from both lists and the audit finds it by its
        // filename parameter (read from OpenCV's docstring signature).
        String weakened = Policy.bundled().json()
                .replaceFirst("\\n\\s*\"cv2.VideoCapture\": \"[^\"]*\",", "")
                .replaceFirst("\\n\\s*\"VideoCapture\": \"[^\"]*\",", "");
        assertThat(weakened).doesNotContain("VideoCapture\"");

        Audit audit = audit(weakened);

        assertThat(audit.exitCode()).isEqualTo(1);
        assertThat(audit.output()).contains("cv2.VideoCapture -> takes a file path (filename)");
    }
}
