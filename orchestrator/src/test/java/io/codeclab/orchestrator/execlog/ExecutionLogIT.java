package io.codeclab.orchestrator.execlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.codeclab.orchestrator.app.Json;
import io.codeclab.orchestrator.http.HttpServer;
import io.codeclab.orchestrator.observability.LabMetrics;
import io.codeclab.orchestrator.propose.llm.Accounting;
import io.codeclab.orchestrator.propose.llm.DailyBudget;
import io.codeclab.orchestrator.propose.llm.LlmSettings;
import io.codeclab.orchestrator.propose.llm.ModelBandit;
import io.codeclab.orchestrator.propose.llm.ModelEndpoint;
import io.codeclab.orchestrator.propose.llm.ResilientLanguageModel;
import io.codeclab.orchestrator.propose.llm.providers.Providers;
import io.codeclab.orchestrator.testing.AwsFixture;
import io.codeclab.orchestrator.testing.FakeLlmServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * The execution log on DynamoDB Local: the scenarios written through the real writer into the real table
 * (with failing writes injected, retried and counted, and a client that refuses Scan), served over HTTP, and the
 * LLM summary from a fake model server speaking the OpenAI protocol.
 */
class ExecutionLogIT {

    private static final AtomicInteger PUTS_TO_FAIL = new AtomicInteger();
    private static ScriptedLog scripted;
    private static RunLogStore store;
    private static List<LogRecord> records;
    private static HttpServer http;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @BeforeAll
    static void writeTheScenarios() throws Exception {
        var aws = AwsFixture.get();
        var client = aws.clients().dynamoDb(new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof ScanRequest) {
                    throw new AssertionError("Scan called: the log is read by Query only");
                }
                if (context.request() instanceof PutItemRequest && PUTS_TO_FAIL.getAndDecrement() > 0) {
                    throw SdkClientException.create("injected: DynamoDB unreachable");
                }
            }
        });
        store = new RunLogStore(client, AwsFixture.uniqueTablePrefix(ExecutionLogIT.class));
        store.ensureTable();
        PUTS_TO_FAIL.set(3);
        scripted = new ScriptedLog(ScriptedLog.PARENT, store).allScenarios();
        records = scripted.written();
        var log = new ExecutionLog(store, scripted.writer(), Clock.systemUTC(), id -> Optional.empty(), AnalysisSummary.NONE);
        http = HttpServer.start("127.0.0.1", 0, List.of(new ExecutionLogRoutes(() -> log)));
    }

    @AfterAll
    static void stop() {
        if (http != null) {
            http.close();
        }
        if (scripted != null) {
            scripted.close();
        }
    }

    @Test
    void failedWritesAreRetriedInTheBackgroundCountedAndNothingIsLost() {
        assertThat(scripted.writer().failedWrites()).isEqualTo(3);
        assertThat(records).hasSize(36);
        var metrics = new LabMetrics();
        metrics.watchExecutionLog(scripted.writer()::pending, scripted.writer()::failedWrites);
        assertThat(metrics.scrape()).contains("codec_lab_execlog_write_failures_total 3.0",
                "codec_lab_execlog_pending_records 0.0");
    }

    @Test
    void theAnalysisFromTheTableIsTheAnalysisOfWhatWasLogged() {
        var analysis = Analyzer.analyze(store.since(Instant.EPOCH), "");
        assertThat(analysis.sessions()).isEqualTo(new LogAnalysis.SessionCounts(4, 3, 1, 1.0));
        assertThat(analysis.patterns().get(0).exceptionType()).isEqualTo("TIMEOUT");
        assertThat(store.since(Instant.parse("2026-12-02T00:00:00Z"))).hasSize(16);
        assertThat(store.latest(4)).extracting(LogRecord::key).containsExactlyElementsOf(
                records.subList(32, 36).stream().map(LogRecord::key).toList());
        var oomFix = records.stream().filter(r -> r.seq() == 0 && r.diff().contains(
                "-BUFFER = 8000  # tune: int 16 8192\n+BUFFER = 200  # tune: int 16 8192\n")).toList();
        assertThat(oomFix).hasSize(1);
        assertThat(oomFix.get(0).sessionStage()).isEqualTo("SMOKE");
    }

    @Test
    void aWriterThatCannotWriteSpoolsAtCloseAndTheNextOneWritesTheSpool() throws Exception {
        Path spool = dir.resolve("execlog").resolve("unwritten.jsonl");
        var failing = new LogWriter(r -> {
            throw new IllegalStateException("store down");
        }, spool, Duration.ofMillis(10), Duration.ofMillis(20));
        var kept = new LogRecord(Instant.parse("2026-12-03T00:00:00Z"), "20261203T000000.000Z-spool0", 0, "SMOKE",
                "ENCODE", 2, false, "OOM", "OOM", "needs 9 GiB", "needs <n> GiB", "", "memory 512 MiB", "c", "p", "m",
                "", "", "", 1.5, 0, Map.of("BUFFER", 9000.0), Map.of("BUFFER", 256.0), "");
        failing.append(kept);
        // Close only once the writer has tried: a close before its first attempt would spool with no failure.
        await().atMost(Duration.ofSeconds(10)).until(() -> failing.failedWrites() > 0);
        failing.close(Duration.ofMillis(200));
        assertThat(failing.failedWrites()).isGreaterThanOrEqualTo(1);
        assertThat(Files.readAllLines(spool)).hasSize(1);

        var own = new RunLogStore(AwsFixture.get().dynamoDb(), AwsFixture.uniqueTablePrefix(ExecutionLogIT.class));
        own.ensureTable();
        var next = new LogWriter(own::put, spool, Duration.ofMillis(10), Duration.ofMillis(20));
        assertThat(next.awaitIdle(Duration.ofSeconds(10))).isTrue();
        next.close();
        assertThat(spool).doesNotExist();
        assertThat(own.ofExperiment("20261203T000000.000Z-spool0")).containsExactly(kept);
    }

    private static JsonNode get(String path) throws Exception {
        var response = CLIENT.send(HttpRequest.newBuilder(URI.create(http.uri() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        return Json.mapper().readTree(response.body());
    }

    @Test
    void theAnalysisIsServedInTheDashboardsContract() throws Exception {
        var a = get("/api/logs/analysis?since=2026-12-01");
        assertThat(a.path("records").asInt()).isEqualTo(36);
        assertThat(a.path("since").asText()).isEqualTo("2026-12-01");
        assertThat(a.path("successRate").path("perDay").get(1).path("rate").asDouble()).isEqualTo(0.25);
        assertThat(a.path("successRate").path("perWindow").get(0).path("experiments").asInt()).isEqualTo(9);
        var p = a.path("patterns").get(0);
        assertThat(List.of(p.path("exceptionType").asText(), p.path("stage").asText(), p.path("pattern").asText(),
                p.path("count").asInt(), p.path("fixed").asInt(), p.path("unfixed").asInt()))
                .containsExactly("TIMEOUT", "SEARCH", "the program ran longer than the limit of <n> s", 2, 0, 2);
        assertThat(Instant.parse(p.path("lastSeen").asText())).isAfter(Instant.parse("2026-12-02T00:00:00Z"));
        assertThat(a.path("sessions").path("meanAttemptsToFix").asDouble()).isEqualTo(1.0);
        assertThat(a.path("unfixed").get(0).fieldNames()).toIterable()
                .containsExactly("sessionId", "experimentId", "stage", "exceptionType", "message", "at");
        assertThat(a.path("stages").get(0).fieldNames()).toIterable().containsExactly("stage", "runs", "seconds", "usd");
        assertThat(a.path("recommendations").get(1).path("fixDiff").asText()).contains("+BUFFER = 200");
        assertThat(a.has("llmSummary")).isFalse();
        assertThat(get("/api/logs/analysis?since=2026-12-02").path("records").asInt()).isEqualTo(16);
        assertThat(get("/api/logs/summary").path("records").asInt()).isEqualTo(36);
    }

    @Test
    void failuresSuccessesAndRecommendationsArePaged() throws Exception {
        var failures = new ArrayList<JsonNode>();
        String cursor = "";
        int pages = 0;
        do {
            var page = get("/api/logs/failures?limit=2" + (cursor.isEmpty() ? "" : "&cursor=" + cursor));
            page.path("items").forEach(failures::add);
            cursor = page.path("next").isNull() ? "" : page.path("next").asText();
            pages++;
        } while (!cursor.isEmpty() && pages < 10);
        assertThat(failures).extracting(f -> f.path("exceptionType").asText())
                .containsExactly("TIMEOUT", "TIMEOUT", "OOM", "PolicyViolation", "NameError");
        assertThat(pages).isBetween(3, 4);
        var successes = get("/api/logs/successes?limit=500");
        assertThat(successes.path("items").size()).isEqualTo(31);
        assertThat(successes.path("next").isNull()).isTrue();
        var first = get("/api/logs/recommendations?limit=3");
        assertThat(first.path("items").size()).isEqualTo(3);
        assertThat(first.path("next").asText()).isEqualTo("3");
        var rest = get("/api/logs/recommendations?limit=3&cursor=3");
        assertThat(rest.path("items").get(0).path("exceptionType").asText()).isEqualTo("NameError");
        assertThat(rest.path("next").isNull()).isTrue();
        var bad = CLIENT.send(HttpRequest.newBuilder(URI.create(http.uri() + "/api/logs/failures?limit=0")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("limit must be a number within 1..500");
    }

    @Test
    void aConfiguredModelWritesTheSummaryOnceForTheSameAnalysis() {
        try (var server = FakeLlmServer.start(FakeLlmServer.Protocol.OPENAI)) {
            server.enqueue(FakeLlmServer.Reply.text("Timeouts at the search stage are the one unfixed problem."));
            var endpoint = ModelEndpoint.of("test", ModelEndpoint.Provider.OPENAI, "fake-model", server.baseUrl());
            var settings = LlmSettings.DEFAULTS.withTimeLimit(Duration.ofSeconds(20))
                    .withRetries(1, Duration.ofMillis(20), Duration.ofSeconds(1));
            var provider = Providers.create(endpoint, "sk-test", new Providers.Settings(settings.timeLimit(),
                    settings.maxOutputTokens()), e -> {
                        throw new AssertionError("no Bedrock here");
                    });
            var model = new ResilientLanguageModel(Map.of(endpoint, provider), settings,
                    Accounting.parse("test", "fake-model:2.5:10"), DailyBudget.unlimited(),
                    new ModelBandit(0, new Random(1), List::of));
            var log = new ExecutionLog(store, scripted.writer(), Clock.systemUTC(), id -> Optional.empty(),
                    new LlmSummary(model));

            var analysis = log.analysis("2026-12-01");
            assertThat(analysis.llmSummary()).isEqualTo("Timeouts at the search stage are the one unfixed problem.");
            assertThat(log.analysis("2026-12-01").llmSummary()).isEqualTo(analysis.llmSummary());
            assertThat(server.requests()).isEqualTo(1);
            assertThat(server.received().get(0).body()).contains("TIMEOUT, SEARCH, the program ran longer than the"
                    + " limit of <n> s, 2, 0", "Sessions: 4, fixed 3, unfixed 1");
        }
    }
}
