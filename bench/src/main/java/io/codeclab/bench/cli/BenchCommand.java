package io.codeclab.bench.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.codeclab.bench.dashboard.DashboardBenchmark;
import io.codeclab.bench.metrics.MetricsBenchmark;
import io.codeclab.bench.policy.PolicyCheckBenchmark;
import io.codeclab.bench.sandbox.SandboxLatencyBenchmark;
import io.codeclab.bench.search.SearchBenchmark;
import io.codeclab.orchestrator.app.Json;
import io.codeclab.orchestrator.cli.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bench}: the benchmarks behind the README's figures, run with the JVM options the product runs with. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks: metrics speed against ffmpeg, sandbox start latency, policy check time, execution-log"
                + " analysis time, dashboard latency, search throughput and the optimiser against random sampling.",
        subcommands = {BenchCommand.Metrics.class, BenchCommand.Sandbox.class, BenchCommand.Policy.class,
                BenchCommand.Logs.class, BenchCommand.Dashboard.class, BenchCommand.Search.class})
final class BenchCommand {

    @Command(name = "metrics", mixinStandardHelpOptions = true,
            description = {"PSNR+SSIM frames per second (CPU time, one thread) of the Java metrics against ffmpeg's "
                    + "psnr and ssim filters on the same frames, with their ratio.",
                    "The distorted clip is an x264 encode of CLIP; both sides go over it --loops times per run."})
    static final class Metrics implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "0..1", paramLabel = "CLIP.y4m",
                description = "Default: cockatoo-1280x720-30f.y4m from scripts/fetch-clips under the data directory.")
        Path clip;

        @Option(names = "--loops", defaultValue = "20", description = "Passes over the clip per run (default ${DEFAULT-VALUE}).")
        int loops;

        @Option(names = "--runs", defaultValue = "5", description = "Runs; each figure is the best (default ${DEFAULT-VALUE}).")
        int runs;

        @Option(names = "--json", description = "Print the figures as JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            Path input = clip != null ? clip : MetricsBenchmark.defaultClip();
            if (!Files.isRegularFile(input)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no such file: " + input);
            }
            if (loops < 1 || runs < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--loops and --runs must be at least 1");
            }
            var report = MetricsBenchmark.run(MetricsBenchmark.Options.onClip(input).withLoops(loops).withRuns(runs));
            if (json) {
                var m = new LinkedHashMap<String, Object>();
                m.put("report", report);
                m.put("kernelRatio", report.kernelRatio());
                m.put("endToEndRatio", report.endToEndRatio());
                printJson(m);
            } else {
                System.out.print(report.toText());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "sandbox", mixinStandardHelpOptions = true,
            description = "Start-to-exit latency of sandbox runs per backend (pass: --runs N, --backend all|docker|bwrap, --json).")
    static final class Sandbox implements Callable<Integer> {
        @CommandLine.Unmatched
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            SandboxLatencyBenchmark.main(args.toArray(String[]::new));
            return ExitCodes.OK;
        }
    }

    @Command(name = "policy", mixinStandardHelpOptions = true,
            description = "Time of the policy check of a 2,000-line program, unconfined and through bwrap (pass: RUNS).")
    static final class Policy implements Callable<Integer> {
        @CommandLine.Unmatched
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            PolicyCheckBenchmark.main(args.toArray(String[]::new));
            return ExitCodes.OK;
        }
    }

    @Command(name = "logs", mixinStandardHelpOptions = true,
            description = "Time of the execution-log analysis (Query of every record, then the analysis) over --records"
                    + " synthetic records in the embedded DynamoDB Local: cold once, then the best of --runs.")
    static final class Logs implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--records", defaultValue = "10000", description = "Log records (default ${DEFAULT-VALUE}).")
        int records;

        @Option(names = "--runs", defaultValue = "5", description = "Warm runs (default ${DEFAULT-VALUE}).")
        int runs;

        @Option(names = "--json", description = "Print the figures as JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            if (records < 1 || runs < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--records and --runs must be at least 1");
            }
            var report = io.codeclab.bench.execlog.LogAnalysisBenchmark.run(records, runs);
            if (json) {
                printJson(report);
            } else {
                System.out.print(report.toText());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "dashboard", mixinStandardHelpOptions = true,
            description = "Dashboard answer times (median, p95, max per page and JSON) with many experiments in the embedded store.")
    static final class Dashboard implements Callable<Integer> {
        @Option(names = "--experiments", defaultValue = "1000", description = "Experiments in the store (default ${DEFAULT-VALUE}).")
        int experiments;

        @Option(names = "--runs", defaultValue = "50", description = "Measured requests per URL (default ${DEFAULT-VALUE}).")
        int runs;

        @Option(names = "--warmup", defaultValue = "20", description = "Unmeasured requests per URL first (default ${DEFAULT-VALUE}).")
        int warmup;

        @Override
        public Integer call() throws Exception {
            var figures = DashboardBenchmark.run(new DashboardBenchmark.Options(experiments, runs, warmup));
            System.out.print(DashboardBenchmark.toText(figures, experiments));
            return ExitCodes.OK;
        }
    }

    @Command(name = "search", mixinStandardHelpOptions = true,
            description = {"Experiments per hour at parallelism 1 and 2 and their ratio, the orchestrator's share of an"
                    + " experiment's wall time, the time to the first adoption, and the held-out BD-rate against v0 of"
                    + " the CMA-ES optimiser and of random sampling after the same budget, per seed.",
                    "Runs real experiments (embedded stores, the sandbox, the offline proposer): 2 x experiments on the"
                            + " whole clips (about a minute each at parallelism 1) and 2 x seeds x budget on --frames"
                            + " frames."})
    static final class Search implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--clips", paramLabel = "DIR", description = "The clips of scripts/fetch-clips (default:"
                + " $CODEC_LAB_DATA_DIR/clips, else ./data/clips).")
        Path clips;

        @Option(names = "--experiments", defaultValue = "4", description = "Experiments per throughput phase (default ${DEFAULT-VALUE}).")
        int experiments;

        @Option(names = "--budget", defaultValue = "8", description = "Experiments per optimiser run (default ${DEFAULT-VALUE}).")
        int budget;

        @Option(names = "--seeds", defaultValue = "3", description = "Seeds per offline mode (default ${DEFAULT-VALUE}).")
        int seeds;

        @Option(names = "--parallelism", defaultValue = "2", description = "Sandbox slots of the optimiser runs (default ${DEFAULT-VALUE}).")
        int parallelism;

        @Option(names = "--frames", defaultValue = "8", description = "Frames of the clip sets in the optimiser runs"
                + " (default ${DEFAULT-VALUE}; the throughput phases and the held-out clip use whole clips).")
        int frames;

        @Option(names = "--sandbox", defaultValue = "auto", description = "auto, docker or bwrap (default ${DEFAULT-VALUE}).")
        String sandbox;

        @Option(names = "--json", description = "Print the figures as JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            if (experiments < 1 || budget < 1 || seeds < 1 || parallelism < 1 || frames < 2) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--experiments, --budget, --seeds and --parallelism must be at least 1, --frames at least 2");
            }
            Path dir = clips != null ? clips : MetricsBenchmark.defaultClip().getParent();
            var report = SearchBenchmark.run(new SearchBenchmark.Options(dir, experiments, budget, seeds, parallelism,
                    frames, sandbox));
            if (json) {
                printJson(report);
            } else {
                System.out.print(report.toText());
            }
            return ExitCodes.OK;
        }
    }

    /** One indented JSON document on stdout (the {@code --json} form of every benchmark here). */
    private static void printJson(Object value) {
        try {
            System.out.println(Json.mapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the result as JSON", e);
        }
    }
}
