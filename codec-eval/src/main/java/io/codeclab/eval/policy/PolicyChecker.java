package io.codeclab.eval.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codeclab.sandbox.Sandbox;
import io.codeclab.sandbox.SandboxException;
import io.codeclab.sandbox.SandboxLimits;
import io.codeclab.sandbox.SandboxResult;
import io.codeclab.sandbox.SandboxTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Checks candidate programs against a {@link Policy} with Python's own {@code ast}, in a sandboxed process.
 *
 * <p>The checker script ({@code policy_check.py} beside this class), the policy and the candidate are
 * written to a fresh directory that the sandbox mounts read-only at {@code /code}; the script parses the
 * candidate (it never imports or executes it) and prints one JSON verdict. Anything other than a complete,
 * well-formed verdict is a {@link PolicyCheckException}, never an acceptance.
 *
 * <p>Thread-safe: each call uses its own directory and sandbox run.
 */
public final class PolicyChecker {

    public static final String SCRIPT_RESOURCE = "policy_check.py";

    private static final long MIB = 1024L * 1024L;
    private static final int MESSAGE_TAIL = 600;
    private static final Logger LOG = LoggerFactory.getLogger(PolicyChecker.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] SCRIPT = loadScript();

    /** 1 CPU, 256 MiB, 10 s: parsing even a large program needs a fraction of each. */
    public static final SandboxLimits DEFAULT_LIMITS = SandboxLimits.custom()
            .cpus(1)
            .memoryBytes(256 * MIB)
            .wallTimeout(Duration.ofSeconds(10))
            .pids(16)
            .tmpfsBytes(MIB)
            .streamTailBytes((int) MIB)
            .outputCapBytes(MIB)
            .build();

    private final Sandbox sandbox;
    private final SandboxLimits limits;

    public PolicyChecker(Sandbox sandbox) {
        this(sandbox, DEFAULT_LIMITS);
    }

    public PolicyChecker(Sandbox sandbox, SandboxLimits limits) {
        this.sandbox = Objects.requireNonNull(sandbox, "sandbox");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Checks one program.
     *
     * @throws PolicyCheckException when the checker could not produce a verdict (sandbox failure, timeout,
     *                              crash, unreadable output)
     */
    public PolicyVerdict check(String pythonSource, Policy policy) {
        Objects.requireNonNull(pythonSource, "pythonSource");
        Objects.requireNonNull(policy, "policy");
        Path workDir = null;
        try {
            workDir = createDirectory(null);
            Path codeDir = createDirectory(workDir.resolve("code"));
            Path outputDir = createDirectory(workDir.resolve("output"));
            writeReadable(codeDir.resolve(SCRIPT_RESOURCE), SCRIPT);
            writeReadable(codeDir.resolve("policy.json"), policy.jsonBytes());
            writeReadable(codeDir.resolve("candidate.py"), pythonSource.getBytes(StandardCharsets.UTF_8));
            // -I: no user site or PYTHON* variables; -S: no site import (faster start); -B: write no bytecode.
            var task = SandboxTask.builder()
                    .codeDir(codeDir)
                    .outputDir(outputDir)
                    .command(List.of(SandboxTask.PYTHON, "-I", "-S", "-B",
                            SandboxTask.CODE_MOUNT + "/" + SCRIPT_RESOURCE,
                            SandboxTask.CODE_MOUNT + "/policy.json",
                            SandboxTask.CODE_MOUNT + "/candidate.py"))
                    .limits(limits)
                    .build();
            SandboxResult result;
            try {
                result = sandbox.run(task);
            } catch (SandboxException e) {
                throw new PolicyCheckException("the policy checker could not run in the " + sandbox.backend()
                        + " sandbox: " + e.getMessage(), "NOT_RUN", e);
            }
            if (!result.isOk()) {
                throw new PolicyCheckException("the policy checker did not finish in the " + result.backend()
                        + " sandbox (status " + result.status() + ", exit code " + result.exitCode() + ", wall "
                        + result.wall().toMillis() + " ms): " + tail(result.stderrTail()), result.status());
            }
            PolicyVerdict verdict = parseVerdict(result.stdoutTail(), policy.version());
            LOG.debug("policy {} {} a program of {} characters with {} violations in {} ms ({})", policy.version(),
                    verdict.accepted() ? "accepted" : "rejected", pythonSource.length(), verdict.violations().size(),
                    result.wall().toMillis(), result.backend());
            return verdict;
        } catch (IOException e) {
            throw new PolicyCheckException("cannot prepare the policy check directory: " + e, "NOT_RUN", e);
        } finally {
            if (workDir != null) {
                deleteTree(workDir);
            }
        }
    }

    /** Reads the checker's stdout; package-private so the contract between the script and Java is tested. */
    static PolicyVerdict parseVerdict(String stdout, String expectedPolicyVersion) {
        JsonNode root;
        try {
            root = JSON.readTree(stdout.strip());
        } catch (JsonProcessingException e) {
            throw unreadable("not JSON (" + e.getOriginalMessage() + ")", stdout);
        }
        if (root == null || !root.isObject()) {
            throw unreadable("not a JSON object", stdout);
        }
        JsonNode accepted = root.get("accepted");
        JsonNode version = root.get("policyVersion");
        JsonNode violations = root.get("violations");
        if (accepted == null || !accepted.isBoolean() || version == null || !version.isTextual()
                || violations == null || !violations.isArray()) {
            throw unreadable("accepted, policyVersion or violations missing or mistyped", stdout);
        }
        if (!version.textValue().equals(expectedPolicyVersion)) {
            throw unreadable("it names policy " + version.textValue() + " but " + expectedPolicyVersion
                    + " was given", stdout);
        }
        var list = new ArrayList<Violation>();
        for (JsonNode v : violations) {
            JsonNode line = v.get("line");
            JsonNode column = v.get("column");
            JsonNode rule = v.get("rule");
            JsonNode message = v.get("message");
            if (line == null || !line.canConvertToInt() || !line.isIntegralNumber()
                    || column == null || !column.canConvertToInt() || !column.isIntegralNumber()
                    || rule == null || !rule.isTextual() || message == null || !message.isTextual()) {
                throw unreadable("a violation lacks line, column, rule or message", stdout);
            }
            try {
                list.add(new Violation(line.intValue(), column.intValue(), rule.textValue(), message.textValue()));
            } catch (IllegalArgumentException e) {
                throw unreadable(e.getMessage(), stdout);
            }
        }
        try {
            return new PolicyVerdict(accepted.booleanValue(), version.textValue(), list);
        } catch (IllegalArgumentException e) {
            throw unreadable(e.getMessage(), stdout);
        }
    }

    private static PolicyCheckException unreadable(String problem, String stdout) {
        return new PolicyCheckException("the policy checker printed no usable verdict: " + problem + "; stdout: "
                + tail(stdout), "OK");
    }

    private static String tail(String text) {
        String t = text.strip();
        return t.length() <= MESSAGE_TAIL ? t : "..." + t.substring(t.length() - MESSAGE_TAIL);
    }

    private static byte[] loadScript() {
        try (InputStream in = PolicyChecker.class.getResourceAsStream(SCRIPT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT_RESOURCE + " is missing from the classpath: rebuild codec-eval");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SCRIPT_RESOURCE + " from the classpath", e);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /**
     * A directory the sandbox user (not necessarily us) can read: temp directories start as 0700.
     * With {@code null}, a new temporary directory.
     */
    private static Path createDirectory(Path dir) throws IOException {
        Path created = dir == null ? Files.createTempDirectory("codec-lab-policy-") : Files.createDirectory(dir);
        if (posix()) {
            Files.setPosixFilePermissions(created, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return created;
    }

    private static void writeReadable(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes);
        if (posix()) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /** Best effort: a leftover temporary directory must not turn a verdict into a failure. */
    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("cannot remove the policy check directory {}: {}", root, e.toString());
        }
    }
}
