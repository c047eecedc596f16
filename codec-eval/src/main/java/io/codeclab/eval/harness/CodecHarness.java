package io.codeclab.eval.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codeclab.eval.EvaluationException;
import io.codeclab.eval.video.RgbVideo;
import io.codeclab.sandbox.Sandbox;
import io.codeclab.sandbox.SandboxLimits;
import io.codeclab.sandbox.SandboxResult;
import io.codeclab.sandbox.SandboxTask;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Runs the two sides of a codec program, each in its own fresh sandbox. The encoder sees the frames and
 * hands back only the file holding {@code encode}'s return value; the decoder sees only a copy of that
 * bitstream. Everything a run leaves behind is deleted before the next one starts.
 */
public final class CodecHarness {

    static final String HARNESS_SCRIPT = "harness.py";
    static final String MODULE_FILE = "codec.py";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Sandbox sandbox;
    private final Path workRoot;
    private final byte[] harnessSource;

    public CodecHarness(Sandbox sandbox, Path workRoot) {
        this.sandbox = sandbox;
        this.workRoot = workRoot;
        this.harnessSource = resource(HARNESS_SCRIPT);
        try {
            Files.createDirectories(workRoot);
            Files.setPosixFilePermissions(workRoot, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new EvaluationException("cannot create the evaluation work directory " + workRoot, e);
        }
    }

    public String backend() {
        return sandbox.backend();
    }

    /** Encodes the frames at one quality; the success value is the bitstream. */
    public HarnessResult<byte[]> encode(String stage, String clip, CodecProgram program, RgbVideo frames,
                                        int quality, SandboxLimits limits) {
        try (var dirs = RunDirectories.create(workRoot)) {
            dirs.writeCode(harnessSource, program);
            try (OutputStream out = Files.newOutputStream(dirs.input.resolve("frames.rgb"))) {
                frames.writePacked(out);
            }
            Files.writeString(dirs.input.resolve("frames.json"), JSON.writeValueAsString(Map.of(
                    "frames", frames.frameCount(), "height", frames.height(), "width", frames.width())));
            dirs.makeReadable();
            var task = SandboxTask.python(dirs.code, HARNESS_SCRIPT, "encode", Integer.toString(quality))
                    .inputDir(dirs.input).outputDir(dirs.output).limits(limits).build();
            var run = new SandboxRun(stage, SandboxRun.ENCODE, quality, clip, sandbox.run(task));
            if (!run.result().isOk()) {
                return new HarnessResult.Failed<>(failureOf(stage, run.result(), dirs.output.resolve("encode.json")), run);
            }
            Path bitstream = dirs.output.resolve("bitstream.bin");
            if (!isPlainFile(bitstream)) {
                String message = Files.exists(bitstream, LinkOption.NOFOLLOW_LINKS)
                        ? "the encoder left " + SandboxTask.OUTPUT_MOUNT + "/bitstream.bin as a symbolic link or special"
                                + " file: only the bytes encode returns count as the bitstream"
                        : "the encoder exited without producing a bitstream";
                return new HarnessResult.Failed<>(new EvaluationFailure(stage, FailureKind.NO_BITSTREAM, message, ""),
                        run);
            }
            return new HarnessResult.Success<>(readPlainFile(bitstream), run);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare or read an encoder run under " + workRoot, e);
        }
    }

    /** Decodes a bitstream; the success value is the decoded frames as packed RGB bytes plus their shape. */
    public HarnessResult<DecodedFrames> decode(String stage, String clip, CodecProgram program, byte[] bitstream,
                                               int quality, SandboxLimits limits) {
        try (var dirs = RunDirectories.create(workRoot)) {
            dirs.writeCode(harnessSource, program);
            Files.write(dirs.input.resolve("bitstream.bin"), bitstream);
            dirs.makeReadable();
            var task = SandboxTask.python(dirs.code, HARNESS_SCRIPT, "decode")
                    .inputDir(dirs.input).outputDir(dirs.output).limits(limits).build();
            var run = new SandboxRun(stage, SandboxRun.DECODE, quality, clip, sandbox.run(task));
            Path report = dirs.output.resolve("decoded.json");
            if (!run.result().isOk()) {
                return new HarnessResult.Failed<>(failureOf(stage, run.result(), report), run);
            }
            Path frames = dirs.output.resolve("decoded.rgb");
            if (!isPlainFile(frames) || !isPlainFile(report)) {
                String message = Files.exists(frames, LinkOption.NOFOLLOW_LINKS)
                        || Files.exists(report, LinkOption.NOFOLLOW_LINKS)
                        ? "the decoder left decoded.rgb or decoded.json in " + SandboxTask.OUTPUT_MOUNT + " as a symbolic"
                                + " link or special file: only the array decode returns counts as the frames"
                        : "the decoder exited without producing frames";
                return new HarnessResult.Failed<>(new EvaluationFailure(stage, FailureKind.WRONG_TYPE, message, ""), run);
            }
            JsonNode shape = JSON.readTree(readPlainFile(report)).path("shape");
            int[] dims = new int[shape.size()];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = shape.get(i).asInt();
            }
            return new HarnessResult.Success<>(new DecodedFrames(readPlainFile(frames), dims), run);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare or read a decoder run under " + workRoot, e);
        }
    }

    /** Packed RGB bytes as the decoder wrote them and the shape it claimed (checked by the caller). */
    public record DecodedFrames(byte[] packed, int[] shape) {
    }

    private static EvaluationFailure failureOf(String stage, SandboxResult result, Path report) {
        return FailureClassifier.classify(stage, result, report);
    }

    /**
     * Whether the program left a regular file at {@code path}. Links are not followed: the program owns
     * {@code /output}, and a link it planted there would point this process (which runs outside the sandbox)
     * at a host file, e.g. the clip itself passed off as decoded frames.
     */
    private static boolean isPlainFile(Path path) {
        return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS);
    }

    /** Reads a file the program left, refusing a link that appeared since {@link #isPlainFile} looked. */
    private static byte[] readPlainFile(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
            return in.readAllBytes();
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = CodecHarness.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " in codec-eval");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** code/ input/ output/ of one run, readable by the sandbox's unprivileged user, deleted on close. */
    private static final class RunDirectories implements AutoCloseable {
        final Path root;
        final Path code;
        final Path input;
        final Path output;

        private RunDirectories(Path root) throws IOException {
            this.root = root;
            this.code = Files.createDirectories(root.resolve("code"));
            this.input = Files.createDirectories(root.resolve("input"));
            this.output = Files.createDirectories(root.resolve("output"));
        }

        static RunDirectories create(Path workRoot) throws IOException {
            return new RunDirectories(Files.createDirectory(workRoot.resolve("run-" + UUID.randomUUID())));
        }

        void writeCode(byte[] harness, CodecProgram program) throws IOException {
            Files.write(code.resolve(HARNESS_SCRIPT), harness);
            Files.writeString(code.resolve(MODULE_FILE), program.source(), StandardCharsets.UTF_8);
        }

        void makeReadable() throws IOException {
            var dir = PosixFilePermissions.fromString("rwxr-xr-x");
            var file = PosixFilePermissions.fromString("rw-r--r--");
            Files.setPosixFilePermissions(root, dir);
            for (Path d : new Path[] {code, input}) {
                Files.setPosixFilePermissions(d, dir);
                try (Stream<Path> files = Files.list(d)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        Files.setPosixFilePermissions(f, file);
                    }
                }
            }
            // The program runs as an unprivileged user: only the output directory is writable to it.
            Files.setPosixFilePermissions(output, PosixFilePermissions.fromString("rwxrwxrwx"));
        }

        @Override
        public void close() throws IOException {
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
