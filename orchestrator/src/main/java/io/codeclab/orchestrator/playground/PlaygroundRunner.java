package io.codeclab.orchestrator.playground;

import io.codeclab.eval.policy.PolicyChecker;
import io.codeclab.eval.policy.PolicySource;
import io.codeclab.eval.policy.PolicyVerdict;
import io.codeclab.orchestrator.run.SandboxReports;
import io.codeclab.sandbox.Sandbox;
import io.codeclab.sandbox.SandboxLimits;
import io.codeclab.sandbox.SandboxTask;
import io.codeclab.sandbox.Staging;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs a playground script on an image: the policy check first (the same policy and checker as codec
 * programs), then the script in the sandbox with the evaluation's smoke-stage limits, the image at
 * {@code /input/image}, through {@code playground_runner.py}. Only a PNG the script's {@code process} returned
 * comes back.
 */
public final class PlaygroundRunner {

    static final String RUNNER = "playground_runner.py";
    static final String MODULE = "playground.py";
    private static final byte[] RUNNER_SOURCE = resource(RUNNER);
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private final Supplier<Sandbox> sandbox;
    private final Supplier<PolicyChecker> checker;
    private final PolicySource policies;
    private final SandboxLimits limits;
    private final Path workRoot;

    public PlaygroundRunner(Supplier<Sandbox> sandbox, Supplier<PolicyChecker> checker, PolicySource policies,
                            SandboxLimits limits, Path workRoot) {
        this.sandbox = sandbox;
        this.checker = checker;
        this.policies = policies;
        this.limits = limits;
        this.workRoot = workRoot;
    }

    /** The verdict, and when the policy accepted the script, its sandbox run and the image it returned. */
    public record Outcome(PolicyVerdict verdict, Optional<Map<String, Object>> run, Optional<byte[]> resultPng) {
    }

    public Outcome run(String code, ImageUpload image) {
        var verdict = checker.get().check(code, policies.current());
        if (!verdict.accepted()) {
            return new Outcome(verdict, Optional.empty(), Optional.empty());
        }
        Path runDir = null;
        try {
            Files.createDirectories(workRoot);
            runDir = Files.createTempDirectory(workRoot, "run-");
            var readable = PosixFilePermissions.fromString("rwxr-xr-x");
            Files.setPosixFilePermissions(runDir, readable);
            Path codeDir = Files.createDirectories(runDir.resolve("code"));
            Files.write(codeDir.resolve(RUNNER), RUNNER_SOURCE);
            Files.writeString(codeDir.resolve(MODULE), code);
            Path input = Files.createDirectories(runDir.resolve("input"));
            Files.write(input.resolve("image"), image.bytes());
            Path output = Files.createDirectories(runDir.resolve("output"));
            for (Path p : new Path[] {codeDir, input}) {
                Files.setPosixFilePermissions(p, readable);
            }
            for (Path p : new Path[] {codeDir.resolve(RUNNER), codeDir.resolve(MODULE), input.resolve("image")}) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
            }
            // The sandbox hands /output to its own user for the run.
            Files.setPosixFilePermissions(output, PosixFilePermissions.fromString("rwxrwxrwx"));
            var task = SandboxTask.python(codeDir, RUNNER).inputDir(input).outputDir(output).limits(limits).build();
            var result = sandbox.get().run(task);
            Optional<byte[]> png = Optional.empty();
            Path resultFile = output.resolve("result.png");
            // A link or special file planted by the script is never followed by this process.
            if (result.isOk() && Files.isRegularFile(resultFile, LinkOption.NOFOLLOW_LINKS)) {
                var bytes = Files.readAllBytes(resultFile);
                if (ImageUpload.startsWith(bytes, PNG)) {
                    png = Optional.of(bytes);
                }
            }
            return new Outcome(verdict, Optional.of(SandboxReports.of(result)), png);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the playground run under " + workRoot, e);
        } finally {
            if (runDir != null) {
                Staging.delete(runDir);
            }
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = PlaygroundRunner.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }
}
