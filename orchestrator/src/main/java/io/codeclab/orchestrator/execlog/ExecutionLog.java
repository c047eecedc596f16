package io.codeclab.orchestrator.execlog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.codeclab.orchestrator.app.Json;
import io.codeclab.orchestrator.artifact.ArtifactStore;
import io.codeclab.orchestrator.experiment.ExperimentRecord;
import io.codeclab.orchestrator.experiment.ExperimentStore;
import io.codeclab.orchestrator.propose.FailingRegions;
import io.codeclab.orchestrator.propose.Feedback;
import io.codeclab.orchestrator.run.ExperimentObserver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The execution log as a whole: the {@link ExperimentObserver} that logs every run (through the background
 * {@link LogWriter}), its analysis, the recommendations as {@link Feedback}, the failing regions for the offline
 * proposer, and export/import as JSON lines.
 */
public final class ExecutionLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutionLog.class);
    /** How many of the newest records the prompt's recommendations and the failing regions are computed from. */
    public static final int LEARNING_WINDOW = 2000;
    private static final ObjectMapper JSON = Json.mapper();

    private final RunLogStore store;
    private final LogWriter writer;
    private final Clock clock;
    private final Function<String, Optional<String>> codeOf;
    private final AnalysisSummary summary;

    /**
     * @param codeOf  an experiment's code, read from the artifact store (for the diff a fix made)
     * @param summary the LLM summary, or {@link AnalysisSummary#NONE} when no language model is configured
     */
    public ExecutionLog(RunLogStore store, LogWriter writer, Clock clock, Function<String, Optional<String>> codeOf,
                        AnalysisSummary summary) {
        this.store = store;
        this.writer = writer;
        this.clock = clock;
        this.codeOf = codeOf;
        this.summary = summary;
    }

    /**
     * The execution log on the {@code <prefix>-runlog} table (created when missing): its writer retries in the
     * background and spools what it could not write at close to {@code <dataDir>/execlog/unwritten.jsonl}; the diff
     * of a fix is computed from the experiments' code in {@code artifacts}.
     */
    public static ExecutionLog open(DynamoDbClient dynamoDb, String tablePrefix, Path dataDir, Clock clock,
                                    ExperimentStore experiments, ArtifactStore artifacts, AnalysisSummary summary) {
        var store = new RunLogStore(dynamoDb, tablePrefix);
        store.ensureTable();
        var writer = new LogWriter(store::put, dataDir.resolve("execlog").resolve("unwritten.jsonl"),
                Duration.ofMillis(500), Duration.ofSeconds(30));
        Function<String, Optional<String>> codeOf = id -> experiments.find(id)
                .flatMap(r -> Optional.ofNullable(r.artifacts().get("code")))
                .flatMap(artifacts::get).map(b -> new String(b, StandardCharsets.UTF_8));
        return new ExecutionLog(store, writer, clock, codeOf, summary);
    }

    /** Records queued and not yet written. */
    public long pendingWrites() {
        return writer.pending();
    }

    /** Writes that failed and were retried (each retry counts). */
    public long failedWrites() {
        return writer.failedWrites();
    }

    public RunLogStore store() {
        return store;
    }

    public LogWriter writer() {
        return writer;
    }

    /** Logs each experiment the runner evaluates. */
    public ExperimentObserver observer() {
        return observer(writer, clock, store::ofExperiment, this::codeQuietly);
    }

    /**
     * The observer on any writer and look-ups: links each attempt to the failure its proposer was shown, then logs
     * its events. Never throws (a log that cannot log must not stop the experiment).
     */
    static ExperimentObserver observer(LogWriter writer, Clock clock, Function<String, List<LogRecord>> recordsOf,
                                       Function<String, Optional<String>> codeOf) {
        return started -> {
            try {
                var shown = SessionResolver.shownFailure(started.experimentId(), started.recent());
                Supplier<SessionResolver.Session> session = shown.map(f -> SessionResolver.lazily(f, recordsOf,
                        codeOf, started.proposal().program().source())).orElse(null);
                return new LoggedAttempt(writer, clock, started, shown.map(ExperimentRecord::id).orElse(""), session);
            } catch (RuntimeException e) {
                LOG.error("execution log: cannot log experiment {}", started.experimentId(), e);
                return new ExperimentObserver.Attempt() {
                };
            }
        };
    }

    private Optional<String> codeQuietly(String experimentId) {
        try {
            return codeOf.apply(experimentId);
        } catch (RuntimeException e) {
            LOG.warn("execution log: no diff from experiment {}: its code cannot be read: {}", experimentId, e.toString());
            return Optional.empty();
        }
    }

    /** The recommendations of the newest {@value #LEARNING_WINDOW} records, as prompt text. */
    public Feedback feedback() {
        return new RecommendationFeedback(() -> store.latest(LEARNING_WINDOW));
    }

    /** The tunable regions that kept failing in the newest records, read once per call (never throws). */
    public FailingRegions failingRegions() {
        try {
            return TunableRegions.of(store.latest(LEARNING_WINDOW));
        } catch (RuntimeException e) {
            LOG.warn("execution log unreadable, the offline proposer goes without its failing regions: {}", e.toString());
            return FailingRegions.NONE;
        }
    }

    /** The analysis of the records since {@code since} (yyyy-mm-dd, UTC; empty for all), with the LLM's summary. */
    public LogAnalysis analysis(String since) {
        var analysis = analysisWithoutSummary(since);
        return summary.of(analysis).map(analysis::withLlmSummary).orElse(analysis);
    }

    /** As {@link #analysis} without asking a language model (the command line's non-summary views). */
    public LogAnalysis analysisWithoutSummary(String since) {
        return Analyzer.analyze(store.sinceForAnalysis(start(since)), since);
    }

    public RunLogStore.Page failures(int limit, String cursor) {
        return store.byOutcome(false, limit, cursor);
    }

    public RunLogStore.Page successes(int limit, String cursor) {
        return store.byOutcome(true, limit, cursor);
    }

    /** Writes the records since {@code since} as JSON lines, oldest first; returns how many. */
    public int export(String since, Writer out) {
        int[] count = {0};
        store.forEachSince(start(since), r -> {
            try {
                out.write(JSON.writeValueAsString(r));
                out.write('\n');
                count[0]++;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the export", e);
            }
        });
        return count[0];
    }

    /** Reads JSON lines written by {@link #export} into the log (records already there are written again as they are). */
    public int importFrom(BufferedReader in) throws IOException {
        var batch = new ArrayList<LogRecord>();
        int count = 0;
        int lineNo = 0;
        String line;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            try {
                batch.add(JSON.readValue(line, LogRecord.class));
            } catch (IOException e) {
                throw new LogImportException("line " + lineNo + " of the import is not a log record ("
                        + e.getMessage().lines().findFirst().orElse("") + "); import only what analyze-logs export wrote", e);
            }
            if (batch.size() == 500) {
                store.putAll(batch);
                count += batch.size();
                batch.clear();
            }
        }
        store.putAll(batch);
        return count + batch.size();
    }

    /** The first instant of {@code since} (yyyy-mm-dd, UTC), or the epoch when empty. */
    public static Instant start(String since) {
        if (since == null || since.isBlank()) {
            return Instant.EPOCH;
        }
        try {
            return LocalDate.parse(since).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("since must be a day as yyyy-mm-dd, was '" + since + "'", e);
        }
    }

    @Override
    public void close() {
        writer.close(Duration.ofSeconds(10));
    }
}
