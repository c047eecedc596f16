package io.codeclab.eval.policy;

import io.codeclab.sandbox.Sandbox;
import io.codeclab.sandbox.SandboxOutcome;
import io.codeclab.sandbox.SandboxResult;
import io.codeclab.sandbox.SandboxTask;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;

/**
 * TEST ONLY. Runs a task's command as a plain child process with NO confinement: {@code /code},
 * {@code /input} and {@code /output} in the command are rewritten to the task's host directories, and of
 * the limits only the wall-clock timeout and the stream tails are enforced.
 *
 * <p>It exists so the policy checker (a trusted script that never executes the candidate) can be tested
 * while the real backends are built elsewhere. It must never run untrusted code and never leaves src/test.
 */
final class UnconfinedProcessSandbox implements Sandbox {

    @Override
    public SandboxResult run(SandboxTask task) {
        var command = new ArrayList<String>();
        for (String arg : task.command()) {
            command.add(rewrite(arg, task));
        }
        Path stdout = null;
        Path stderr = null;
        try {
            stdout = Files.createTempFile("unconfined-out-", ".txt");
            stderr = Files.createTempFile("unconfined-err-", ".txt");
            var builder = new ProcessBuilder(command)
                    .directory(task.codeDir().toFile())
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            builder.environment().clear();
            builder.environment().put("PATH", "/usr/bin:/bin");
            long start = System.nanoTime();
            Process process = builder.start();
            Duration limit = task.limits().wallTimeout();
            boolean finished = process.waitFor(limit.toNanos(), TimeUnit.NANOSECONDS);
            if (!finished) {
                process.destroyForcibly().waitFor();
            }
            Duration wall = Duration.ofNanos(System.nanoTime() - start);
            int exit = process.exitValue();
            SandboxOutcome outcome = !finished ? new SandboxOutcome.Timeout(limit)
                    : exit == 0 ? new SandboxOutcome.Ok() : new SandboxOutcome.Crash(exit, 0);
            int tail = task.limits().streamTailBytes();
            return new SandboxResult(outcome, exit, wall, Duration.ZERO, 0, tail(stdout, tail), tail(stderr, tail),
                    backend());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        } finally {
            delete(stdout);
            delete(stderr);
        }
    }

    @Override
    public String backend() {
        return "unconfined-test";
    }

    @Override
    public void close() {
        // Every run waits for its process: nothing is left to stop.
    }

    private static String rewrite(String arg, SandboxTask task) {
        if (arg.startsWith(SandboxTask.CODE_MOUNT + "/")) {
            return task.codeDir().resolve(arg.substring(SandboxTask.CODE_MOUNT.length() + 1)).toString();
        }
        if (arg.startsWith(SandboxTask.OUTPUT_MOUNT + "/")) {
            return task.outputDir().resolve(arg.substring(SandboxTask.OUTPUT_MOUNT.length() + 1)).toString();
        }
        if (arg.startsWith(SandboxTask.INPUT_MOUNT + "/") && task.inputDir().isPresent()) {
            return task.inputDir().get().resolve(arg.substring(SandboxTask.INPUT_MOUNT.length() + 1)).toString();
        }
        return arg;
    }

    private static String tail(Path file, int bytes) throws IOException {
        byte[] all = Files.readAllBytes(file);
        int from = Math.max(0, all.length - bytes);
        return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    }

    private static void delete(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + file, e);
            }
        }
    }
}
