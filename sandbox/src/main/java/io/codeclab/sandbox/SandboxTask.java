package io.codeclab.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One program to run: a code directory mounted read-only at {@code /code}, an optional input directory
 * mounted read-only at {@code /input}, an output directory mounted writable at {@code /output}, and a
 * command (for example {@code /usr/bin/python3 /code/main.py}). Nothing else of the host is visible.
 */
public final class SandboxTask {

    public static final String CODE_MOUNT = "/code";
    public static final String INPUT_MOUNT = "/input";
    public static final String OUTPUT_MOUNT = "/output";
    public static final String PYTHON = "/usr/bin/python3";

    private final Path codeDir;
    private final Path inputDir;
    private final Path outputDir;
    private final List<String> command;
    private final SandboxLimits limits;

    private SandboxTask(Builder b) {
        this.codeDir = b.codeDir;
        this.inputDir = b.inputDir;
        this.outputDir = b.outputDir;
        this.command = List.copyOf(b.command);
        this.limits = b.limits;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A task that runs {@code /usr/bin/python3 /code/<script> args...}. */
    public static Builder python(Path codeDir, String script, String... args) {
        var cmd = new java.util.ArrayList<String>();
        cmd.add(PYTHON);
        cmd.add(CODE_MOUNT + "/" + script);
        cmd.addAll(List.of(args));
        return new Builder().codeDir(codeDir).command(cmd);
    }

    public Path codeDir() { return codeDir; }
    public Optional<Path> inputDir() { return Optional.ofNullable(inputDir); }
    public Path outputDir() { return outputDir; }
    public List<String> command() { return command; }
    public SandboxLimits limits() { return limits; }

    public Builder toBuilder() {
        var b = new Builder().codeDir(codeDir).outputDir(outputDir).command(command).limits(limits);
        b.inputDir = inputDir;
        return b;
    }

    @Override
    public String toString() {
        return "SandboxTask[command=" + command + ", code=" + codeDir + ", input=" + inputDir
                + ", output=" + outputDir + ", " + limits + "]";
    }

    public static final class Builder {
        private Path codeDir;
        private Path inputDir;
        private Path outputDir;
        private List<String> command = List.of();
        private SandboxLimits limits = SandboxLimits.ofDefaults();

        private Builder() {
        }

        public Builder codeDir(Path codeDir) {
            this.codeDir = Objects.requireNonNull(codeDir, "codeDir");
            return this;
        }

        public Builder inputDir(Path inputDir) {
            this.inputDir = Objects.requireNonNull(inputDir, "inputDir");
            return this;
        }

        public Builder outputDir(Path outputDir) {
            this.outputDir = Objects.requireNonNull(outputDir, "outputDir");
            return this;
        }

        public Builder command(List<String> command) {
            this.command = List.copyOf(command);
            return this;
        }

        public Builder limits(SandboxLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        public SandboxTask build() {
            requireDirectory("codeDir", codeDir);
            requireDirectory("outputDir", outputDir);
            if (inputDir != null) {
                requireDirectory("inputDir", inputDir);
            }
            if (command.isEmpty()) {
                throw new IllegalArgumentException("command must not be empty");
            }
            return new SandboxTask(this);
        }

        private static void requireDirectory(String name, Path dir) {
            if (dir == null) {
                throw new IllegalArgumentException(name + " is required");
            }
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException(name + " is not a directory: " + dir);
            }
        }
    }
}
