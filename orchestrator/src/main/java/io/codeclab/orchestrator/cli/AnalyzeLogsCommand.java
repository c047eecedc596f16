package io.codeclab.orchestrator.cli;

import io.codeclab.orchestrator.app.CodecLab;
import io.codeclab.orchestrator.execlog.ExecutionLog;
import io.codeclab.orchestrator.execlog.LogAnalysis;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "analyze-logs", mixinStandardHelpOptions = true,
        description = {"The execution log: every sandbox run of every experiment, its sessions from failure to fix,"
                + " error patterns and recommendations.",
                "VIEW is one of summary, errors, sessions, recommendations, unfixed (add --json for JSON), or export"
                        + " [--output FILE] (JSON lines) and import FILE."})
final class AnalyzeLogsCommand implements Callable<Integer> {

    @ParentCommand
    CodecLabCommand root;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "VIEW",
            description = "summary | errors | sessions | recommendations | unfixed | export | import")
    String view;

    @Parameters(index = "1", arity = "0..1", paramLabel = "FILE", description = "For import: the JSON-lines file.")
    Path file;

    @Option(names = "--since", paramLabel = "YYYY-MM-DD", description = "Only records from this UTC day on.")
    String since = "";

    @Option(names = "--json", description = "Print one JSON document on stdout.")
    boolean json;

    @Option(names = "--output", paramLabel = "FILE", description = "For export: write here instead of stdout.")
    Path output;

    @Override
    public Integer call() throws IOException {
        try {
            ExecutionLog.start(since);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--since: " + e.getMessage());
        }
        var views = java.util.List.of("summary", "errors", "sessions", "recommendations", "unfixed", "export", "import");
        if (!views.contains(view)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "unknown view '" + view + "'; use one of "
                    + String.join(", ", views));
        }
        if (view.equals("import") && (file == null || !Files.isRegularFile(file))) {
            throw new CommandLine.ParameterException(spec.commandLine(), "import needs an existing FILE written by"
                    + " analyze-logs export" + (file == null ? "" : "; no such file: " + file));
        }
        try (var lab = CodecLab.open(root.config())) {
            var log = lab.executionLog();
            switch (view) {
                case "export" -> {
                    int n;
                    if (output == null) {
                        var out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
                        n = log.export(since, out);
                        out.flush();
                    } else {
                        try (var out = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
                            n = log.export(since, out);
                        }
                    }
                    System.err.println("exported " + n + " log record(s)");
                }
                case "import" -> {
                    int n;
                    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                        n = log.importFrom(in);
                    }
                    System.err.println("imported " + n + " log record(s)");
                }
                default -> show(view.equals("summary") ? log.analysis(since) : log.analysisWithoutSummary(since),
                        System.out);
            }
            return ExitCodes.OK;
        }
    }

    private void show(LogAnalysis a, PrintStream out) {
        if (json) {
            Output.json(switch (view) {
                case "errors" -> single("patterns", a.patterns());
                case "sessions" -> {
                    var m = single("sessions", a.sessions());
                    m.put("sessionList", a.sessionList());
                    yield m;
                }
                case "recommendations" -> single("recommendations", a.recommendations());
                case "unfixed" -> single("unfixed", a.unfixed());
                default -> a;
            });
            return;
        }
        switch (view) {
            case "errors" -> a.patterns().forEach(p -> out.printf(Locale.ROOT, "%5d  %-9s %-18s fixed %-4d %s%n",
                    p.count(), p.stage(), p.exceptionType(), p.fixed(), p.pattern()));
            case "sessions" -> {
                out.printf(Locale.ROOT, "sessions %d, fixed %d, unfixed %d, mean attempts to fix %.2f%n",
                        a.sessions().total(), a.sessions().fixed(), a.sessions().unfixed(),
                        a.sessions().meanAttemptsToFix());
                a.sessionList().forEach(s -> out.printf(Locale.ROOT, "  %s  %-9s %-18s %s after %d attempt(s)%s%n",
                        s.sessionId(), s.stage(), s.exceptionType(), s.fixed() ? "fixed" : "UNFIXED", s.attempts(),
                        s.fixed() ? " by " + s.fixedBy() : ""));
            }
            case "recommendations" -> a.recommendations().forEach(r -> {
                out.printf(Locale.ROOT, "- %s at %s (%d, fixed %d): %s%n", r.exceptionType(), r.stage(), r.count(),
                        r.fixed(), r.pattern());
                if (!r.rule().isEmpty()) {
                    out.println("  rule/limit: " + r.rule());
                }
                out.println("  " + r.advice());
                r.fixDiff().lines().forEach(l -> out.println("    " + l));
            });
            case "unfixed" -> a.unfixed().forEach(u -> out.printf(Locale.ROOT, "%s  %s  %-9s %-18s %s%n", u.at(),
                    u.experimentId(), u.stage(), u.exceptionType(), u.message()));
            default -> {
                out.printf(Locale.ROOT, "%d log record(s)%s%n", a.records(), a.since().isEmpty() ? ""
                        : " since " + a.since());
                a.successRate().perDay().forEach(d -> out.printf(Locale.ROOT, "  %s  %d/%d passed (%.0f %%)%n",
                        d.day(), d.passed(), d.attempts(), 100 * d.rate()));
                out.printf(Locale.ROOT, "sessions %d: fixed %d, unfixed %d, mean attempts to fix %.2f%n",
                        a.sessions().total(), a.sessions().fixed(), a.sessions().unfixed(),
                        a.sessions().meanAttemptsToFix());
                out.println("top error patterns:");
                a.patterns().stream().limit(5).forEach(p -> out.printf(Locale.ROOT, "  %5d  %-9s %-18s %s%n",
                        p.count(), p.stage(), p.exceptionType(), p.pattern()));
                out.println("stages:");
                a.stages().forEach(s -> out.printf(Locale.ROOT, "  %-9s %6d run(s) %10.1f s  $%.4f%n", s.stage(),
                        s.runs(), s.seconds(), s.usd()));
                if (a.llmSummary() != null && !a.llmSummary().isEmpty()) {
                    out.println("summary (LLM): " + a.llmSummary());
                }
            }
        }
    }

    private static LinkedHashMap<String, Object> single(String name, Object value) {
        var m = new LinkedHashMap<String, Object>();
        m.put(name, value);
        return m;
    }
}
