package io.codeclab.orchestrator.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeclab.eval.policy.Policy;
import io.codeclab.eval.policy.PolicyChecker;
import io.codeclab.eval.policy.PolicySource;
import io.codeclab.eval.protocol.EvaluationProtocol;
import io.codeclab.eval.codecs.BuiltInCodecs;
import io.codeclab.eval.harness.ClipEvaluator;
import io.codeclab.eval.harness.CodecHarness;
import io.codeclab.eval.protocol.AnchorSource;
import io.codeclab.eval.protocol.StagedEvaluator;
import io.codeclab.orchestrator.app.Json;
import io.codeclab.orchestrator.clip.ClipLibrary;
import io.codeclab.orchestrator.evaluation.EvaluationService;
import io.codeclab.orchestrator.execlog.AnalysisSummary;
import io.codeclab.orchestrator.execlog.ExecutionLog;
import io.codeclab.orchestrator.execlog.ExecutionLogRoutes;
import io.codeclab.orchestrator.execlog.RunLogStore;
import io.codeclab.orchestrator.execlog.ScriptedLog;
import io.codeclab.orchestrator.artifact.S3ArtifactStore;
import io.codeclab.orchestrator.experiment.ExperimentStatus;
import io.codeclab.orchestrator.experiment.ExperimentUpdate;
import io.codeclab.orchestrator.experiment.StageResult;
import io.codeclab.orchestrator.experiment.dynamodb.DynamoDbExperimentStore;
import io.codeclab.orchestrator.http.HttpServer;
import io.codeclab.orchestrator.http.Routes;
import io.codeclab.orchestrator.playground.Playground;
import io.codeclab.orchestrator.playground.PlaygroundRunner;
import io.codeclab.orchestrator.playground.SampleImage;
import io.codeclab.orchestrator.testing.AwsFixture;
import io.codeclab.sandbox.Sandbox;
import io.codeclab.sandbox.Sandboxes;
import io.codeclab.sandbox.testing.SandboxHosts;
import io.codeclab.testing.TestClips;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium against the real store (DynamoDB Local, s3proxy) and the real
 * bwrap sandbox: one server and one browser for the class. Screenshots of each page go to
 * {@code target/dashboard-screenshots/}.
 */
class DashboardBrowserIT {

    private static final List<Integer> QUALITIES = List.of(2, 8);
    private static final String TOKEN = "it-token-" + "0123456789abcdef";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int UNFIXED_ROWS = 1;
    private static final List<Long> SUCCESS_PERCENT_PER_DAY = List.of(60L, 25L);

    private static DynamoDbExperimentStore store;
    private static DashboardSeed seed;
    private static Sandbox sandbox;
    private static HttpServer server;
    private static HttpServer withLog;
    private static ScriptedLog scripted;
    private static ChromeDriver browser;
    private static URI base;

    @BeforeAll
    static void start() throws Exception {
        SandboxHosts.requireBwrap();
        browser = HeadlessChromium.start();
        var aws = AwsFixture.get();
        store = DynamoDbExperimentStore.create(aws.dynamoDb(), AwsFixture.uniqueTablePrefix(DashboardBrowserIT.class));
        store.ensureSchema();
        var artifacts = S3ArtifactStore.create(aws.s3(), AwsFixture.uniqueBucket(DashboardBrowserIT.class));
        artifacts.ensureBucket();
        var json = Json.mapper();
        seed = new DashboardSeed(store, artifacts, json);
        sandbox = Sandboxes.bubblewrap();
        var access = new DashboardAccess(TOKEN, Clock.systemUTC());
        Path work = Files.createTempDirectory("dashboard-it-");
        var runner = new PlaygroundRunner(() -> sandbox, () -> new PolicyChecker(sandbox),
                PolicySource.fixed(Policy.bundled()), EvaluationProtocol.custom().build().smokeLimits(), work);
        // Evaluations compare against a champion of their own store (v0, the built-in baseline), at two qualities.
        var evaluationStore = DynamoDbExperimentStore.create(aws.dynamoDb(), AwsFixture.uniqueTablePrefix(EvaluationService.class));
        evaluationStore.ensureSchema();
        var evaluationArtifacts = S3ArtifactStore.create(aws.s3(), AwsFixture.uniqueBucket(EvaluationService.class));
        evaluationArtifacts.ensureBucket();
        var evaluator = new StagedEvaluator(new PolicyChecker(sandbox), PolicySource.fixed(Policy.bundled()),
                new ClipEvaluator(new CodecHarness(sandbox, work.resolve("evaluations")), 2),
                EvaluationProtocol.custom().qualities(QUALITIES).build(), AnchorSource.NONE);
        var evaluation = new EvaluationService(evaluationStore, evaluationArtifacts,
                new ClipLibrary(work.resolve("clip-cache"), aws.s3()), evaluator, Clock.systemUTC());
        server = HttpServer.start("127.0.0.1", 0, List.of(
                new Dashboard(() -> store, () -> artifacts, json, Clock.systemUTC(), access),
                new Playground(runner, () -> evaluation, List.of(TestClips.search().toString()), access, json)));
        base = server.uri();
        // A second server that also has an execution log: the scripted scenarios in the real runlog table.
        var runLog = new RunLogStore(aws.dynamoDb(), AwsFixture.uniqueTablePrefix(ExecutionLog.class));
        runLog.ensureTable();
        scripted = new ScriptedLog(ScriptedLog.PARENT, runLog).allScenarios();
        scripted.written();
        var log = new ExecutionLog(runLog, scripted.writer(), Clock.systemUTC(), id -> Optional.empty(),
                AnalysisSummary.NONE);
        withLog = HttpServer.start("127.0.0.1", 0, List.of(
                new Dashboard(() -> store, () -> artifacts, json, Clock.systemUTC(), access),
                new ExecutionLogRoutes(() -> log)));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
        if (withLog != null) {
            withLog.close();
        }
        if (scripted != null) {
            scripted.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void theTableShowsTheSeededExperimentsNewestFirstAndFiltersByStatus() {
        browser.get(base + "/");
        var rows = waitFor(By.cssSelector("#experiments tbody tr"), 5);
        assertThat(rows).extracting(r -> r.getAttribute("data-id")).containsExactlyElementsOf(seed.newestFirst());
        var adopted = browser.findElement(By.cssSelector("tr[data-id='" + seed.adopted2 + "']"));
        assertThat(adopted.getText()).contains("ADOPTED", "from v1", "adopted v2", "-15.00 %");
        var scored = browser.findElement(By.cssSelector("tr[data-id='" + seed.scored + "']"));
        assertThat(scored.getText()).contains("SCORED", "openai:gpt-test", "q7: 1200.0 kbps, 40.20 dB, 0.9700",
                "-6.20 %", "-9.75 %", "$0.0123");
        HeadlessChromium.screenshot(browser, "experiments");

        new Select(browser.findElement(By.id("status-filter"))).selectByValue("FAILED");
        waiting(Duration.ofSeconds(10)).until(d -> d.findElements(By.cssSelector("#experiments tbody tr")).size() == 1);
        assertThat(browser.findElement(By.cssSelector("#experiments tbody tr")).getAttribute("data-id")).isEqualTo(seed.injected);
        assertThat(browser.getCurrentUrl()).endsWith("/?status=FAILED");
    }

    @Test
    void theTablesJsonPagesByIdNewestFirstWithAndWithoutAStatus() throws Exception {
        var all = seed.newestFirst();
        var first = getJson("/api/experiments?limit=2");
        assertThat(ids(first)).isEqualTo(all.subList(0, 2));
        assertThat(first.path("next").asText()).isEqualTo(all.get(1));
        var second = getJson("/api/experiments?limit=2&before=" + all.get(1));
        assertThat(ids(second)).isEqualTo(all.subList(2, 4));
        var last = getJson("/api/experiments?limit=2&before=" + all.get(3));
        assertThat(ids(last)).isEqualTo(all.subList(4, 5));
        assertThat(last.has("next")).isFalse();
        var adopted = getJson("/api/experiments?status=adopted&limit=1");
        assertThat(ids(adopted)).containsExactly(seed.adopted2);
        assertThat(ids(getJson("/api/experiments?status=ADOPTED&limit=1&before=" + seed.adopted2))).containsExactly(seed.adopted1);
        for (var bad : List.of("limit=0", "limit=201", "limit=x", "status=DONE", "before=%3Cscript%3E")) {
            var response = HTTP.send(HttpRequest.newBuilder(base.resolve("/api/experiments?" + bad)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(bad).isEqualTo(400);
        }
        assertThat(HTTP.send(HttpRequest.newBuilder(base.resolve("/api/experiments/20991231T000000Z-999999")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
    }

    private static com.fasterxml.jackson.databind.JsonNode getJson(String path) throws Exception {
        var response = HTTP.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.mapper().readTree(response.body());
    }

    private static List<String> ids(com.fasterxml.jackson.databind.JsonNode page) {
        var out = new java.util.ArrayList<String>();
        page.path("experiments").forEach(e -> out.add(e.path("id").asText()));
        return out;
    }

    @Test
    void aRunningExperimentsPhaseUpdatesWithoutAReload() {
        browser.get(base + "/");
        var cell = By.cssSelector("tr[data-id='" + seed.running + "'] .badge[data-status]");
        waiting(Duration.ofSeconds(10)).until(ExpectedConditions.attributeToBe(cell, "data-status", "VALIDATING"));
        browser.executeScript("window.notReloaded = 42;");
        store.update(seed.running, ExperimentUpdate.to(ExperimentStatus.EVALUATING, ExperimentStatus.VALIDATING)
                .addStage(new StageResult("smoke", "OK", 0.5, 0.4, 50_000_000L, "bwrap")).build());
        waiting(Duration.ofSeconds(10)).until(ExpectedConditions.attributeToBe(cell, "data-status", "EVALUATING"));
        assertThat(browser.findElement(cell).getText()).isEqualTo("EVALUATING · smoke");
        assertThat(browser.executeScript("return window.notReloaded;")).isEqualTo(42L);
    }

    @Test
    void theExperimentPagePlotsEveryPointOfCandidateChampionAndX264() {
        browser.get(base + "/experiments/" + seed.scored);
        waitFor(By.cssSelector("#rd .chart"), 2);
        // The chart's own data (uPlot's aligned arrays): non-null points per series.
        assertThat(browser.executeScript("const u = codecLab.charts['rd-0-psnrY'];"
                + "return u.data.slice(1).map(s => s.filter(v => v !== null).length);")).isEqualTo(List.of(4L, 4L, 3L));
        assertThat(browser.executeScript("return codecLab.charts['rd-0-psnrY'].series.slice(1).map(s => s.label);"))
                .isEqualTo(List.of("candidate", "champion v2", "x264"));
        assertThat(browser.executeScript("const u = codecLab.charts['rd-0-ssimY'];"
                + "return u.data.slice(1).map(s => s.filter(v => v !== null).length);")).isEqualTo(List.of(4L, 4L, 3L));
        assertThat(browser.executeScript("return codecLab.charts['rd-0-psnrY'].data[0].length;")).isEqualTo(11L);
        assertThat(browser.findElements(By.cssSelector("#code .ln"))).hasSize(7);
        assertThat(browser.findElement(By.cssSelector("#code .tok-kw")).getText()).isEqualTo("import");
        assertThat(browser.findElement(By.id("verdict-summary")).getText()).isEqualTo("accepted by policy 2026-12-01.1");
        assertThat(browser.findElement(By.id("logs")).getText()).contains("encode · " + DashboardSeed.CLIP + " · q3 — OK (exit 0)",
                "encoded 3 frames");
        assertThat(browser.findElement(By.id("prompt")).getText()).isEqualTo("Improve the codec. Current champion: v2.");
        assertThat(browser.findElement(By.id("response")).getText()).isEqualTo("Here is a finer quantiser.");
        // The diff against the parent champion (v2) exists and has changes.
        assertThat(Integer.parseInt(browser.findElement(By.cssSelector("#diff pre")).getAttribute("data-changes"))).isPositive();
        HeadlessChromium.screenshot(browser, "experiment");
    }

    @Test
    void scriptInCandidateCodeIsShownAsTextAndNeverRuns() throws Exception {
        HeadlessChromium.console(browser); // what earlier tests left in the console
        browser.get(base + "/experiments/" + seed.injected);
        waitFor(By.cssSelector("#code .ln"), 7);
        assertThat(browser.findElement(By.id("code")).getText()).contains("import os  # " + DashboardSeed.INJECTION,
                "return '" + DashboardSeed.INJECTION + "'");
        assertThat(browser.findElement(By.id("summary")).getText()).isEqualTo("summary " + DashboardSeed.INJECTION);
        assertThat(browser.findElement(By.id("failure")).getText()).contains("rejected: " + DashboardSeed.INJECTION);
        assertThat(browser.findElement(By.id("response")).getText()).contains(DashboardSeed.INJECTION);
        var violation = browser.findElement(By.cssSelector("#violations a"));
        assertThat(violation.getAttribute("href")).endsWith("#L2");
        assertThat(violation.findElement(By.xpath("..")).getText()).isEqualTo("line 2:1 import-not-allowed: os " + DashboardSeed.INJECTION);
        // Only the page's own three scripts exist, and no alert was raised.
        assertThat(browser.executeScript("return Array.from(document.scripts).map(s => new URL(s.src).pathname);"))
                .isEqualTo(List.of("/assets/uPlot.iife.min.js", "/assets/common.js", "/assets/experiment.js"));
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        // Nothing was even tried: no inline script or style was refused by the policy, and no script failed.
        assertThat(HeadlessChromium.console(browser)).noneMatch(line -> line.contains("[SEVERE]"));
        HeadlessChromium.screenshot(browser, "experiment-injection");

        browser.get(base + "/");
        waitFor(By.cssSelector("#experiments tbody tr"), 5);
        assertThat(browser.findElement(By.cssSelector("tr[data-id='" + seed.injected + "']")).getText())
                .contains("openai:" + DashboardSeed.INJECTION);
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);

        var page = HTTP.send(HttpRequest.newBuilder(base.resolve("/experiments/" + seed.injected)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.headers().firstValue("Content-Security-Policy")).contains(StaticAssets.CONTENT_SECURITY_POLICY);
        assertThat(page.body()).doesNotContain("alert");
    }

    @Test
    void theVersionsPagePlotsBdRateAgainstX264AndDiffsTwoVersions() {
        browser.get(base + "/versions");
        waitFor(By.cssSelector("#versions-chart .chart"), 1);
        assertThat(browser.executeScript("return codecLab.charts['versions-plot'].data[1].filter(v => v != null);"))
                .isEqualTo(List.of(-12.5, -15L));
        assertThat(browser.executeScript("return codecLab.charts['versions-plot'].data[0].length;")).isEqualTo(2L);
        assertThat(browser.findElements(By.cssSelector("#versions tbody tr"))).hasSize(3);
        browser.findElement(By.id("show-diff")).click();
        var diff = waitFor(By.cssSelector("#version-diff pre"), 1).get(0);
        assertThat(diff.getAttribute("data-changes")).isEqualTo("2");
        assertThat(diff.findElement(By.cssSelector(".del")).getText()).isEqualTo("-     return b'v1'");
        assertThat(diff.findElement(By.cssSelector(".add")).getText()).isEqualTo("+     return b'v2'");
        HeadlessChromium.screenshot(browser, "versions");
    }

    @Test
    void theLearningPageRendersTheRealAnalysisOrSaysTheLogIsNotAvailable() {
        browser.get(base + "/learning");
        waiting(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.id("analysis-missing")));
        assertThat(browser.findElement(By.id("analysis-missing")).getText()).startsWith("Execution log not available");
        assertThat(browser.findElement(By.id("analysis")).isDisplayed()).isFalse();
        HeadlessChromium.screenshot(browser, "learning-not-available");

        browser.get(withLog.uri() + "/learning");
        // TIMEOUT, OOM, PolicyViolation, NameError: one row each.
        waitFor(By.cssSelector("#patterns tbody tr"), 4);
        assertThat(browser.findElement(By.id("analysis-missing")).isDisplayed()).isFalse();
        // The scenarios: a NameError and a policy violation fixed, an OOM fixed by a smaller buffer, two timeouts unfixed.
        assertThat(browser.findElement(By.id("sessions")).getText())
                .isEqualTo("4 sessions: 3 fixed, 1 unfixed; 1.00 attempts to a fix on average");
        assertThat(browser.findElements(By.cssSelector("#patterns tbody tr")).get(0).getText()).contains("TIMEOUT", "SEARCH");
        assertThat(browser.findElements(By.cssSelector("#unfixed tbody tr"))).hasSize(UNFIXED_ROWS);
        assertThat(browser.findElement(By.cssSelector("#recommendations")).getText()).contains("NameError");
        assertThat(browser.executeScript("return codecLab.charts['success-plot'].data[1];")).isEqualTo(SUCCESS_PERCENT_PER_DAY);
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        HeadlessChromium.screenshot(browser, "learning");
    }

    /** Logs in through the form and waits for the playground; the session cookie is HttpOnly and SameSite=Strict. */
    private static void login() {
        browser.get(base + "/login");
        HeadlessChromium.screenshot(browser, "login");
        browser.findElement(By.id("token")).sendKeys(TOKEN);
        browser.findElement(By.id("login")).click();
        // Until the form's submission has navigated, the login page's own body answers; wait for the playground's.
        waiting(Duration.ofSeconds(10)).until(ExpectedConditions.urlToBe(base + "/playground"));
        waiting(Duration.ofSeconds(10)).until(d -> "true".equals(
                d.findElement(By.tagName("body")).getAttribute("data-ready")));
        assertThat(browser.getCurrentUrl()).isEqualTo(base + "/playground");
        assertThat(browser.findElement(By.id("login-needed")).isDisplayed()).isFalse();
        var cookie = browser.manage().getCookieNamed(DashboardAccess.SESSION_COOKIE);
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Strict");
    }

    @Test
    void aPlaygroundScriptDrawsOnTheSampleImageInTheSandbox() throws Exception {
        login();

        browser.findElement(By.id("use-sample")).click();
        browser.findElement(By.id("run")).click();
        waiting(Duration.ofSeconds(60)).until(d -> Boolean.TRUE.equals(((ChromeDriver) d).executeScript(
                "const i = document.getElementById('result'); return !i.classList.contains('hidden') && i.complete && i.naturalWidth > 0;")));
        assertThat(browser.executeScript("const i = document.getElementById('result'); return [i.naturalWidth, i.naturalHeight];"))
                .isEqualTo(List.of((long) SampleImage.WIDTH, (long) SampleImage.HEIGHT));
        assertThat(browser.findElement(By.cssSelector("#run-verdict [data-accepted]")).getAttribute("data-accepted")).isEqualTo("true");
        assertThat(browser.findElement(By.id("stdout")).getText()).isEqualTo("drew on a 320 x 240 image");
        assertThat(browser.findElement(By.id("run-status")).getText()).startsWith("Sandbox: OK (exit 0) on bwrap");
        HeadlessChromium.screenshot(browser, "playground");

        // The returned image is the sample with a red ring of radius 60 around the centre drawn on it.
        var src = browser.findElement(By.id("result")).getAttribute("src");
        var png = HTTP.send(HttpRequest.newBuilder(URI.create(src)).build(), HttpResponse.BodyHandlers.ofByteArray());
        var result = ImageIO.read(new ByteArrayInputStream(png.body()));
        var sample = ImageIO.read(new ByteArrayInputStream(SampleImage.png()));
        assertThat(result.getRGB(160 + 60, 120) & 0xffffff).isEqualTo(0xff0000);
        assertThat(sample.getRGB(160 + 60, 120) & 0xffffff).isNotEqualTo(0xff0000);
        assertThat(result.getRGB(160, 120)).isEqualTo(sample.getRGB(160, 120));
    }

    @Test
    void aCodecProgramIsEvaluatedOnAClipAndItsPointsArePlotted() {
        login();
        browser.findElement(By.id("mode-codec")).click();
        browser.executeScript("document.getElementById('codec').value = arguments[0];", BuiltInCodecs.baseline().source());
        assertThat(new Select(browser.findElement(By.id("clip"))).getFirstSelectedOption().getText())
                .isEqualTo(TestClips.SEARCH_CLIP);
        browser.findElement(By.id("evaluate")).click();
        waitFor(By.cssSelector("#evaluate-charts .chart"), 2, Duration.ofSeconds(120));
        // Candidate and champion (the same baseline here), one point per quality each.
        assertThat(browser.executeScript("const u = codecLab.charts['evaluate-psnrY'];"
                + "return u.data.slice(1).map(s => s.filter(v => v !== null).length);")).isEqualTo(List.of(2L, 2L));
        assertThat(browser.findElements(By.cssSelector("#evaluate-points tbody tr"))).hasSize(2 * QUALITIES.size());
        assertThat(browser.findElement(By.id("evaluate-verdict")).getText()).contains("accepted",
                "BD-rate vs champion v0: ");
        HeadlessChromium.screenshot(browser, "playground-evaluation");
    }

    @Test
    void runningCodeWithoutTheTokenIsRefused() throws Exception {
        String body = "{\"code\":\"def process(image):\\n    return image\\n\"}";
        var anonymous = post(body, Map.of());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).contains("needs the dashboard token");
        assertThat(post(body, Map.of("Authorization", "Bearer wrong-token-0123456789")).statusCode()).isEqualTo(401);
        assertThat(post(body, Map.of("X-Codec-Lab-Token", TOKEN + "x")).statusCode()).isEqualTo(401);
        // A session cookie alone (what another site's form would send) is not enough: the CSRF token is missing.
        var login = HTTP.send(HttpRequest.newBuilder(base.resolve("/login")).build(), HttpResponse.BodyHandlers.ofString());
        String csrf = login.body().replaceAll("(?s).*name=\"csrf\" value=\"([0-9a-f]+)\".*", "$1");
        String loginCookie = login.headers().allValues("Set-Cookie").get(0).split(";")[0];
        var loggedIn = HTTP.send(HttpRequest.newBuilder(base.resolve("/login")).header("Cookie", loginCookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("csrf=" + csrf + "&token=" + TOKEN)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(loggedIn.statusCode()).isEqualTo(303);
        String session = loggedIn.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(DashboardAccess.SESSION_COOKIE + "=")).findFirst().orElseThrow().split(";")[0];
        assertThat(post(body, Map.of("Cookie", session)).statusCode()).isEqualTo(403);
        // The login form itself is refused without its CSRF value.
        var forged = HTTP.send(HttpRequest.newBuilder(base.resolve("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + TOKEN)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith(DashboardAccess.SESSION_COOKIE + "=x"));

        // With the token: uploads are checked by their bytes and size before anything runs.
        var auth = Map.of("Authorization", "Bearer " + TOKEN);
        var gif = post("{\"code\":\"x = 1\",\"image\":\"" + Base64.getEncoder().encodeToString("GIF89a....".getBytes()) + "\"}", auth);
        assertThat(gif.statusCode()).isEqualTo(415);
        var huge = new byte[io.codeclab.orchestrator.playground.ImageUpload.MAX_BYTES + 1];
        huge[0] = (byte) 0x89;
        var tooBig = post("{\"code\":\"x = 1\",\"image\":\"" + Base64.getEncoder().encodeToString(huge) + "\"}", auth);
        assertThat(tooBig.statusCode()).isEqualTo(413);
        // A script the policy rejects is not run.
        var rejected = post("{\"code\":\"import os\\ndef process(image):\\n    return image\\n\"}", auth);
        assertThat(rejected.statusCode()).isEqualTo(200);
        var verdict = Json.mapper().readTree(rejected.body());
        assertThat(verdict.path("verdict").path("accepted").asBoolean(true)).isFalse();
        assertThat(verdict.path("verdict").path("violations").get(0).path("line").asInt()).isEqualTo(1);
        // Absent (the server leaves nulls out): nothing ran, no image.
        assertThat(verdict.has("run")).isFalse();
        assertThat(verdict.has("result")).isFalse();
    }

    private static HttpResponse<String> post(String body, Map<String, String> headers) throws Exception {
        var request = HttpRequest.newBuilder(base.resolve("/api/playground/run")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A wait that polls through re-renders: an element replaced between finding and reading it is found again. */
    private static WebDriverWait waiting(Duration timeout) {
        var wait = new WebDriverWait(browser, timeout);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    private static List<org.openqa.selenium.WebElement> waitFor(By selector, int count) {
        return waitFor(selector, count, Duration.ofSeconds(15));
    }

    private static List<org.openqa.selenium.WebElement> waitFor(By selector, int count, Duration timeout) {
        waiting(timeout).until(d -> d.findElements(selector).size() == count);
        return browser.findElements(selector);
    }
}
