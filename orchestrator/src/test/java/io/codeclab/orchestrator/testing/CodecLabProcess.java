package io.codeclab.orchestrator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codeclab.eval.video.Y4m;
import io.codeclab.testing.TestClips;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code scripts/codec-lab} as a separate process on one data directory, the way scripts and users run it:
 * built classes only ({@code CODEC_LAB_NO_BUILD=1}), no inherited {@code CODEC_LAB_*} settings, and real
 * clips shortened to their first frames so that experiments stay quick. Immutable: {@link #with} returns a copy.
 */
public final class CodecLabProcess {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dataDir;
    private final Map<String, String> env;

    private CodecLabProcess(Path dataDir, Map<String, String> env) {
        this.dataDir = dataDir;
        this.env = Map.copyOf(env);
    }

    /** Processes on {@code dataDir}, evaluating on the first {@code frames} frames of the test clips. */
    public static CodecLabProcess on(Path dataDir, int frames) {
        var env = new LinkedHashMap<String, String>();
        env.put("CODEC_LAB_NO_BUILD", "1");
        env.put("CODEC_LAB_DATA_DIR", dataDir.toString());
        env.put("CODEC_LAB_HTTP_PORT", "0"); // daemons serve HTTP: never on a fixed port in tests
        env.put("CODEC_LAB_IN_FLIGHT", "1"); // one experiment at a time unless a test asks for more (FleetIT)
        env.put("CODEC_LAB_SEARCH_CLIPS", shortened(dataDir, TestClips.search(), frames).toString());
        env.put("CODEC_LAB_ADOPTION_CLIPS", shortened(dataDir, TestClips.adoption(), frames).toString());
        return new CodecLabProcess(dataDir, env);
    }

    /** A copy with one more environment variable. */
    public CodecLabProcess with(String name, String value) {
        var copy = new LinkedHashMap<>(env);
        copy.put(name, value);
        return new CodecLabProcess(dataDir, copy);
    }

    public Path dataDir() {
        return dataDir;
    }

    /** What a finished process left: exit code and both streams. */
    public record Result(int exitCode, String stdout, String stderr) {
        public JsonNode json() {
            try {
                return JSON.readTree(stdout);
            } catch (IOException e) {
                throw new AssertionError("stdout is not one JSON document:\n" + stdout + "\nstderr:\n" + stderr, e);
            }
        }
    }

    /** A running codec-lab process; its pid is the JVM's once the script has exec'd java. */
    public static final class Running {
        private final String description;
        private final Process process;
        private final Path out;
        private final Path err;

        private Running(String description, Process process, Path out, Path err) {
            this.description = description;
            this.process = process;
            this.out = out;
            this.err = err;
        }

        public Process process() {
            return process;
        }

        public long pid() {
            return process.pid();
        }

        /** The log so far. */
        public String stderr() {
            return read(err);
        }

        /** Waits for the end; fails the test when it takes longer than {@code timeout} (the process is killed then). */
        public Result await(Duration timeout) {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("codec-lab " + description + " did not finish in " + timeout
                            + "; stderr:\n" + tail(read(err)));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                throw new AssertionError("interrupted while waiting for codec-lab " + description, e);
            }
            return new Result(process.exitValue(), read(out), read(err));
        }

        @Override
        public String toString() {
            return "codec-lab " + description + " (pid " + process.pid() + ")";
        }
    }

    /** Starts {@code scripts/codec-lab ARGS} and returns at once. */
    public Running start(String... args) {
        var command = new ArrayList<String>();
        command.add(TestClips.repositoryRoot().resolve("scripts/codec-lab").toString());
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command);
        var environment = builder.environment();
        environment.keySet().removeIf(k -> k.startsWith("CODEC_LAB_"));
        environment.putAll(env);
        try {
            Path out = Files.createTempFile(dataDir, "codec-lab-out", ".txt");
            Path err = Files.createTempFile(dataDir, "codec-lab-err", ".txt");
            var process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            return new Running(String.join(" ", args), process, out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start scripts/codec-lab " + String.join(" ", args), e);
        }
    }

    /** Runs {@code scripts/codec-lab ARGS} to the end (at most 15 minutes). */
    public Result run(String... args) {
        return start(args).await(Duration.ofMinutes(15));
    }

    /** The first frames of a real clip: the same footage, so experiments stay quick. */
    public static synchronized Path shortened(Path dir, Path clip, int frames) {
        Path target = dir.resolve("short-" + frames + "f-" + clip.getFileName());
        if (!Files.exists(target)) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Y4m.write(Y4m.read(clip).firstFrames(frames), target);
        }
        return target;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last lines of a log, for failure messages. */
    public static String tail(String log) {
        var lines = log.lines().filter(l -> !l.contains(" DEBUG ")).toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
