package io.codeclab.bench.execlog;

import io.codeclab.orchestrator.aws.AwsClients;
import io.codeclab.orchestrator.embedded.EmbeddedServices;
import io.codeclab.orchestrator.execlog.AnalysisSummary;
import io.codeclab.orchestrator.execlog.ExecutionLog;
import io.codeclab.orchestrator.execlog.LogAnalysis;
import io.codeclab.orchestrator.execlog.LogRecord;
import io.codeclab.orchestrator.execlog.LogWriter;
import io.codeclab.orchestrator.execlog.RunLogStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Query cost of the execution log's analysis: N records (default 10,000) of synthetic experiments (passes,
 * NameErrors, timeouts, OOMs, policy violations, linked into sessions) in the embedded DynamoDB Local, then the
 * analysis as {@code GET /api/logs/analysis} computes it (Query of every record, then the analysis), cold once and
 * warm {@code runs} times. Prints milliseconds; the README's figure is the warm best.
 */
public final class LogAnalysisBenchmark {

    private static final DateTimeFormatter IDS = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    public record Report(int records, long loadMillis, long coldMillis, long warmBestMillis, long queryMillis,
                         long analyzeMillis, int sessions, int patterns, double loadAverage) {
        public String toText() {
            return String.format(Locale.ROOT, "records=%d load=%d ms cold=%d ms warm(best)=%d ms (query %d ms, analysis"
                            + " %d ms) sessions=%d patterns=%d loadavg=%.2f%n", records, loadMillis, coldMillis,
                    warmBestMillis, queryMillis, analyzeMillis, sessions, patterns, loadAverage);
        }
    }

    private LogAnalysisBenchmark() {
    }

    public static Report run(int count, int runs) throws Exception {
        Path dir = Files.createTempDirectory("codec-lab-logbench-");
        try (var services = EmbeddedServices.startOrJoin(dir);
             var ddb = AwsClients.at(services.dynamoDbEndpoint(), services.region(), services.credentials()).dynamoDb()) {
            var store = new RunLogStore(ddb, "bench");
            store.ensureTable();
            var records = synthetic(count, new Random(42));
            long t0 = System.nanoTime();
            store.putAll(records);
            long load = ms(System.nanoTime() - t0);
            var writer = new LogWriter(r -> { }, null, Duration.ofMillis(10), Duration.ofMillis(10));
            var log = new ExecutionLog(store, writer, Clock.systemUTC(), id -> Optional.empty(), AnalysisSummary.NONE);
            long c0 = System.nanoTime();
            LogAnalysis analysis = log.analysisWithoutSummary("");
            long cold = ms(System.nanoTime() - c0);
            long best = Long.MAX_VALUE;
            long query = 0;
            long analyze = 0;
            for (int i = 0; i < runs; i++) {
                long w0 = System.nanoTime();
                var read = store.sinceForAnalysis(Instant.EPOCH);
                long w1 = System.nanoTime();
                analysis = io.codeclab.orchestrator.execlog.Analyzer.analyze(read, "");
                long w2 = System.nanoTime();
                if (ms(w2 - w0) < best) {
                    best = ms(w2 - w0);
                    query = ms(w1 - w0);
                    analyze = ms(w2 - w1);
                }
            }
            writer.close(Duration.ofSeconds(1));
            if (analysis.records() != count) {
                throw new IllegalStateException("analysed " + analysis.records() + " records, wrote " + count);
            }
            double loadAverage = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return new Report(count, load, cold, best, query, analyze, analysis.sessions().total(),
                    analysis.patterns().size(), loadAverage);
        }
    }

    /** Experiments a minute apart: a third fail (a mix of kinds, each followed by an attempt linked to it). */
    static List<LogRecord> synthetic(int count, Random random) {
        var out = new ArrayList<LogRecord>();
        var at = Instant.parse("2026-11-01T00:00:00Z");
        String[][] kinds = {
                {"SMOKE", "NameError", "name 'v%d' is not defined", ""},
                {"SEARCH", "TIMEOUT", "the program ran longer than the limit of %d s", "wall clock 10 s"},
                {"SMOKE", "OOM", "the program needed more than %d MiB of memory", "memory 512 MiB"},
                {"POLICY", "PolicyViolation", "import of 'mod%d' is not allowed", "forbidden-import"},
                {"SEARCH", "ValueError", "cannot reshape array of size %d into shape (240,320,3)", ""}};
        String lastFailure = "";
        String lastStage = "";
        int n = 0;
        while (out.size() < count) {
            at = at.plusSeconds(60);
            String id = IDS.format(at) + String.format(Locale.ROOT, "-%06x", n++);
            boolean fails = random.nextInt(3) == 0;
            String[] kind = kinds[random.nextInt(kinds.length)];
            String session = lastFailure;
            var base = new LogRecord(at, id, 0, LogRecord.PROPOSE, "", 0, true, "OK", "", "", "", "", "", "c" + n, "p",
                    "bench-model", session, lastFailure, session.isEmpty() ? "" : lastStage, 2.0, 0.002,
                    Map.of("BUFFER", (double) random.nextInt(8000)), Map.of("BUFFER", 256.0),
                    session.isEmpty() ? "" : "--- a\n+++ b\n@@ -1,1 +1,1 @@\n-BUFFER = 8000\n+BUFFER = 200\n");
            out.add(base);
            String[] stages = {"POLICY", "SMOKE", "SEARCH", "ADOPTION"};
            int seq = 1;
            for (String stage : stages) {
                if (out.size() >= count) {
                    break;
                }
                boolean failsHere = fails && stage.equals(kind[0]);
                String message = failsHere ? String.format(Locale.ROOT, kind[2], random.nextInt(1000)) : "";
                out.add(new LogRecord(at.plusSeconds(seq), id, seq++, stage, stage.equals("POLICY") ? "" : "ENCODE", 2,
                        !failsHere, failsHere ? kind[1] : "OK", failsHere ? kind[1] : "", message,
                        message.replaceAll("\\d+", "<n>").replaceAll("'[^']*'", "<id>"), "", failsHere ? kind[3] : "",
                        "c" + n, "p", "bench-model", session, lastFailure, session.isEmpty() ? "" : lastStage, 1.5, 0,
                        Map.of(), Map.of(), ""));
                if (failsHere) {
                    break;
                }
            }
            lastFailure = fails ? id : "";
            lastStage = fails ? kind[0] : "";
        }
        return out;
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
