package io.codeclab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeclab.testing.TestClips;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The benchmarks live in this module only: the jars that {@code mvn package} builds for sandbox, codec-eval
 * and orchestrator (the ones the product runs from, copied into {@code target/lib}) hold no benchmark class.
 * Runs after {@code package}, so it reads the real jars.
 */
class ProductionJarsIT {

    /** Benchmark code: a top-level class named {@code *Bench*} ({@code *Benchmark}, {@code BenchCommand}, ...). */
    static boolean isBenchmarkClass(String entry) {
        if (!entry.endsWith(".class")) {
            return false;
        }
        String simple = entry.substring(entry.lastIndexOf('/') + 1, entry.length() - ".class".length());
        int nested = simple.indexOf('$');
        String topLevel = nested < 0 ? simple : simple.substring(0, nested);
        return topLevel.contains("Bench");
    }

    @ParameterizedTest
    @CsvSource({
            "sandbox, io/codeclab/sandbox/Sandbox.class",
            "codec-eval, io/codeclab/eval/metrics/YuvMetrics.class",
            "orchestrator, io/codeclab/orchestrator/cli/Main.class"})
    void theProductionJarHoldsNoBenchmark(String module, String knownClass) throws IOException {
        Path jar = productionJar(module);
        List<String> classes = classesIn(jar);
        // The jar is the module's real one, not an empty or foreign file that would pass trivially.
        assertThat(classes).as(jar.toString()).contains(knownClass).hasSizeGreaterThan(10);
        assertThat(classes).as("benchmark classes in " + jar).filteredOn(ProductionJarsIT::isBenchmarkClass).isEmpty();
    }

    @Test
    void theCheckRecognisesEveryBenchmarkOfThisModule() throws IOException {
        Path classes = Path.of("target", "classes");
        List<String> found;
        try (Stream<Path> files = Files.walk(classes)) {
            found = files.map(p -> classes.relativize(p).toString().replace('\\', '/'))
                    .filter(ProductionJarsIT::isBenchmarkClass).map(e -> e.substring(e.lastIndexOf('/') + 1))
                    .filter(e -> !e.contains("$")).sorted().toList();
        }
        assertThat(found).containsExactly("BenchCommand.class", "BenchMain.class", "DashboardBenchmark.class",
                "EmbeddedStartBenchmark.class", "LogAnalysisBenchmark.class", "MetricsBenchmark.class", "PolicyCheckBenchmark.class", "SandboxLatencyBenchmark.class", "SearchBenchmark.class",
                "UnconfinedBenchmarkProcess.class");
        assertThat(isBenchmarkClass("io/codeclab/eval/metrics/Ssim.class")).isFalse();
        assertThat(isBenchmarkClass("io/codeclab/bench/metrics/MetricsBenchmark$Report.class")).isTrue();
    }

    /** {@code <module>/target/<module>-<version>.jar}, the jar {@code package} built for it. */
    private static Path productionJar(String module) throws IOException {
        Path target = TestClips.repositoryRoot().resolve(module).resolve("target");
        try (Stream<Path> files = Files.list(target)) {
            List<Path> jars = files.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith(module + "-") && name.endsWith(".jar") && !name.endsWith("-tests.jar")
                        && !name.endsWith("-sources.jar");
            }).toList();
            assertThat(jars).as("the production jar of " + module + " in " + target + " (run mvn package)").hasSize(1);
            return jars.get(0);
        }
    }

    private static List<String> classesIn(Path jar) throws IOException {
        try (var file = new JarFile(jar.toFile())) {
            return file.stream().map(JarEntry::getName).filter(n -> n.endsWith(".class")).toList();
        }
    }
}
