package io.codeclab.bench.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.codeclab.sandbox.Sandbox;
import io.codeclab.sandbox.SandboxConfig;
import io.codeclab.sandbox.SandboxLaunchException;
import io.codeclab.sandbox.SandboxResult;
import io.codeclab.sandbox.SandboxTask;
import io.codeclab.sandbox.Sandboxes;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Start latency of each available backend: wall time of a whole {@link Sandbox#run} (create, start,
 * wait, classify, remove) for three programs, after one warm-up run each. Not a test: run it and read
 * the numbers.
 *
 * <pre>
 *   scripts/codec-lab bench sandbox [--runs 20] [--backend all|docker|bwrap] [--json]
 * </pre>
 */
public final class SandboxLatencyBenchmark {

    private static final Map<String, String> PROGRAMS = new LinkedHashMap<>();

    static {
        PROGRAMS.put("pass", "pass");
        PROGRAMS.put("import numpy, cv2", "import numpy, cv2");
        PROGRAMS.put("import torch", "import torch");
    }

    private SandboxLatencyBenchmark() {
    }

    /** Per-program figures of one backend, in milliseconds. */
    public record Figures(String program, int runs, int failures, double medianMs, double p90Ms, double minMs,
                          double maxMs) {
    }

    public static void main(String[] args) throws IOException {
        // Only the report goes to stdout: whatever logs (a console appender, docker-java) goes to stderr.
        PrintStream out = System.out;
        System.setOut(System.err);
        int runs = 20;
        boolean json = false;
        String backend = "all";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--json" -> json = true;
                case "--backend" -> backend = args[++i];
                case "--help", "-h" -> {
                    out.println("usage: SandboxLatencyBenchmark [--runs 20] [--backend all|docker|bwrap] [--json]");
                    return;
                }
                default -> {
                    System.err.println("unknown argument: " + args[i]);
                    System.exit(2);
                }
            }
        }
        var report = new LinkedHashMap<String, Object>();
        report.put("runs", runs);
        var backends = new LinkedHashMap<String, Object>();
        if (backend.equals("all") || backend.equals("docker")) {
            backends.put("docker", measure(() -> Sandboxes.docker(SandboxConfig.ofDefaults()), runs));
        }
        if (backend.equals("all") || backend.equals("bwrap")) {
            backends.put("bwrap", measure(Sandboxes::bubblewrap, runs));
        }
        report.put("backends", backends);
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
        } else {
            printTable(out, backends, runs);
        }
    }

    private static Object measure(Supplier<Sandbox> factory, int runs) throws IOException {
        Sandbox sandbox;
        try {
            sandbox = factory.get();
        } catch (SandboxLaunchException e) {
            System.err.println("skipped: " + e.getMessage());
            return Map.of("unavailable", e.getMessage());
        }
        Path work = Files.createTempDirectory("sandbox-bench");
        try (sandbox) {
            var figures = new ArrayList<Figures>();
            for (var program : PROGRAMS.entrySet()) {
                figures.add(measureProgram(sandbox, work, program.getKey(), program.getValue(), runs));
            }
            return figures;
        } finally {
            deleteTree(work);
        }
    }

    private static Figures measureProgram(Sandbox sandbox, Path work, String name, String source, int runs)
            throws IOException {
        Path code = Files.createDirectories(work.resolve("code"));
        Path output = Files.createDirectories(work.resolve("output"));
        Files.writeString(code.resolve("main.py"), source + "\n");
        var task = SandboxTask.python(code, "main.py").outputDir(output).build();
        sandbox.run(task); // warm-up: page cache, image layers
        var millis = new ArrayList<Double>();
        int failures = 0;
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            SandboxResult result = sandbox.run(task);
            double elapsed = (System.nanoTime() - t0) / 1e6;
            if (!result.isOk()) {
                failures++;
                System.err.println(sandbox.backend() + " '" + name + "' run " + i + ": " + result.outcome() + " "
                        + result.stderrTail());
            }
            millis.add(elapsed);
        }
        millis.sort(Comparator.naturalOrder());
        return new Figures(name, runs, failures, percentile(millis, 0.5), percentile(millis, 0.9), millis.get(0),
                millis.get(millis.size() - 1));
    }

    static double percentile(List<Double> sorted, double q) {
        if (sorted.size() % 2 == 0 && q == 0.5) {
            return (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
        }
        int index = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static void printTable(PrintStream out, Map<String, Object> backends, int runs) {
        out.printf("sandbox start latency, whole run() wall time, %d runs after 1 warm-up (ms)%n", runs);
        out.printf("%-8s %-20s %8s %8s %8s %8s %8s%n", "backend", "program", "median", "p90", "min", "max",
                "failed");
        backends.forEach((backend, value) -> {
            if (value instanceof List<?> list) {
                for (Object o : list) {
                    var f = (Figures) o;
                    out.printf("%-8s %-20s %8.0f %8.0f %8.0f %8.0f %8d%n", backend, f.program(), f.medianMs(),
                            f.p90Ms(), f.minMs(), f.maxMs(), f.failures());
                }
            } else {
                out.printf("%-8s unavailable: %s%n", backend, ((Map<?, ?>) value).get("unavailable"));
            }
        });
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
