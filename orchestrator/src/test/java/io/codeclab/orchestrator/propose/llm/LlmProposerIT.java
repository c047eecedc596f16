package io.codeclab.orchestrator.propose.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codeclab.eval.codecs.BuiltInCodecs;
import io.codeclab.eval.codecs.Tunables;
import io.codeclab.eval.harness.Clip;
import io.codeclab.eval.harness.CodecProgram;
import io.codeclab.eval.video.Bt601;
import io.codeclab.eval.video.Y4m;
import io.codeclab.orchestrator.app.CodecLab;
import io.codeclab.orchestrator.app.Json;
import io.codeclab.orchestrator.config.CodecLabConfig;
import io.codeclab.orchestrator.experiment.ExperimentRecord;
import io.codeclab.orchestrator.experiment.ExperimentStatus;
import io.codeclab.orchestrator.experiment.ExperimentStore;
import io.codeclab.orchestrator.propose.llm.providers.Providers;
import io.codeclab.orchestrator.run.ClipSets;
import io.codeclab.orchestrator.run.ExperimentRunner;
import io.codeclab.orchestrator.testing.FakeLlmServer;
import io.codeclab.orchestrator.testing.FakeLlmServer.Protocol;
import io.codeclab.orchestrator.testing.FakeLlmServer.Reply;
import io.codeclab.sandbox.testing.SandboxHosts;
import io.codeclab.testing.TestClips;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LLM proposer end to end: the real runner on the embedded DynamoDB Local and S3 store, the bwrap sandbox
 * and real (shortened) footage, asking the real langchain4j clients behind {@link ResilientLanguageModel},
 * which talk to a {@link FakeLlmServer} on 127.0.0.1 answering in turn. Each answer must end in the right
 * record: a program evaluated from the right text, or a classified failure with its raw answer kept.
 */
class LlmProposerIT {

    private static final int FRAMES = 4;
    private static final Accounting PRICES = Accounting.parse("test", "fake-model:2.5:10");
    private static final CodecProgram BLOCK_DCT = BuiltInCodecs.all().get(1).program();

    /** Handed to the provider; it must reach the server only, never a record or an artifact. */
    private static final String API_KEY = "sk-test-not-a-real-key-7f3a";

    @TempDir
    Path dataDir;

    private FakeLlmServer server;
    private CodecLab lab;

    @BeforeEach
    void bwrap() {
        SandboxHosts.requireBwrap();
    }

    @AfterEach
    void stop() {
        if (lab != null) {
            lab.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private CodecLab open(Map<String, String> more) {
        var settings = new java.util.HashMap<>(Map.of(
                CodecLabConfig.DATA_DIR, dataDir.toString(),
                CodecLabConfig.SANDBOX, "bwrap",
                CodecLabConfig.X264_ANCHOR, "false",
                CodecLabConfig.QUALITIES, "2,8"));
        settings.putAll(more);
        lab = CodecLab.open(CodecLabConfig.load(Optional.empty(), Map.of(), settings));
        return lab;
    }

    private static Clip shortClip(Path y4m) {
        return new Clip(y4m.getFileName().toString(), Bt601.toRgb(Y4m.read(y4m)).firstFrames(FRAMES));
    }

    private ExperimentRunner runner(Protocol protocol) {
        server = FakeLlmServer.start(protocol);
        var endpoint = ModelEndpoint.of("test", protocol == Protocol.OPENAI ? ModelEndpoint.Provider.OPENAI
                : ModelEndpoint.Provider.ANTHROPIC, "fake-model", server.baseUrl());
        var settings = LlmSettings.DEFAULTS.withTimeLimit(Duration.ofSeconds(20))
                .withRetries(2, Duration.ofMillis(20), Duration.ofSeconds(2));
        var provider = Providers.create(endpoint, API_KEY, new Providers.Settings(settings.timeLimit(),
                settings.maxOutputTokens()), e -> {
                    throw new AssertionError("no Bedrock here");
                });
        var model = new ResilientLanguageModel(Map.of(endpoint, provider), settings, PRICES, DailyBudget.unlimited(),
                new ModelBandit(0, new Random(1), List::of));
        var proposer = new LlmProposer(model, new PromptBuilder(lab.protocol()),
                c -> PromptEvidence.gather(c, lab.policies(), lab.experiments(), lab.artifacts(), Json.mapper()));
        return new ExperimentRunner(lab.experiments(), lab.artifacts(), proposer, lab.evaluator(),
                new ClipSets(List.of(shortClip(TestClips.search())), List.of(shortClip(TestClips.adoption()))),
                Clock.systemUTC(), "it-owner", ExperimentStore.defaultLease(), Json.mapper());
    }

    private String artifact(ExperimentRecord r, String name) {
        assertThat(r.artifacts()).containsKey(name);
        return new String(lab.artifacts().get(r.artifacts().get(name)).orElseThrow(), StandardCharsets.UTF_8);
    }

    private String championCode() {
        var champion = lab.experiments().champion().orElseThrow();
        return new String(lab.artifacts().get(champion.codeKey()).orElseThrow(), StandardCharsets.UTF_8);
    }

    /** Every text of request {@code index} as the server received it (system, turns), JSON-decoded, joined. */
    private String requestText(int index) {
        try {
            JsonNode body = Json.mapper().readTree(server.received().get(index).body());
            var out = new StringBuilder();
            collect(body, out);
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void collect(JsonNode node, StringBuilder out) {
        if (node.isTextual()) {
            out.append(node.textValue()).append('\n');
        }
        node.forEach(child -> collect(child, out));
    }

    private static String fenced(String summary, CodecProgram program) {
        return "SUMMARY: " + summary + "\n\n```python\n" + program.source() + "```\n";
    }

    private static CodecProgram variant(CodecProgram base, String name, double value) {
        return Tunables.with(base, Map.of(name, value));
    }

    private static void assertScored(ExperimentRecord r, CodecProgram expected) {
        assertThat(r.status()).isIn(ExperimentStatus.ADOPTED, ExperimentStatus.REJECTED);
        assertThat(r.codeSha256()).isEqualTo(expected.sha256());
        assertThat(r.normalizedSha256()).isEqualTo(NormalizedCode.sha256(expected.source()));
        assertThat(r.points()).hasSize(2);
        assertThat(r.source()).isEqualTo("openai:fake-model");
    }

    @Test
    void eachKindOfAnswerEndsInTheRightRecord() {
        open(Map.of());
        var runner = runner(Protocol.OPENAI);

        // 1. A good whole program: evaluated, adopted over the JPEG baseline; model, tokens and cost recorded.
        String answer1 = fenced("block DCT with motion search", BLOCK_DCT);
        server.enqueue(Reply.text(answer1, 1200, 300));
        var first = runner.runOnce();
        assertScored(first, BLOCK_DCT);
        assertThat(first.status()).isEqualTo(ExperimentStatus.ADOPTED);
        assertThat(first.summary()).isEqualTo("block DCT with motion search");
        assertThat(first.llmUsage().inputTokens()).isEqualTo(1200);
        assertThat(first.llmUsage().outputTokens()).isEqualTo(300);
        assertThat(first.llmUsage().costUsd()).isCloseTo(0.006, Offset.offset(1e-12));
        assertThat(artifact(first, "response")).isEqualTo(answer1);
        assertThat(artifact(first, "prompt")).contains("=== system ===", "def encode(frames: np.ndarray",
                BuiltInCodecs.baseline().source());
        assertThat(artifact(first, "code")).isEqualTo(BLOCK_DCT.source());

        // 2. Prose with two fenced blocks: the one defining encode and decode is taken.
        var second = variant(BLOCK_DCT, "BASE_STEP", 17.0);
        server.enqueue(Reply.text("A helper you may like:\n```python\ndef clamp(x):\n    return max(0, min(255, x))\n```\n"
                + "And the codec, with a coarser base step:\n```python\n" + second.source() + "```\nThanks!"));
        assertScored(runner.runOnce(), second);

        // 3. SEARCH/REPLACE edits that apply, to the champion of the moment (whitespace differences tolerated).
        String champion = championCode();
        String line = champion.lines().filter(l -> l.startsWith("ROUNDING =")).findFirst().orElseThrow();
        String changed = line.replaceFirst("ROUNDING = [0-9.]+", "ROUNDING = 0.33");
        var edited = new CodecProgram(champion.replace(line, changed));
        server.enqueue(Reply.text("SUMMARY: less rounding\n```\n<<<<<<< SEARCH\n" + line + "   \n=======\n" + changed
                + "\n>>>>>>> REPLACE\n```\n"));
        var third = runner.runOnce();
        assertScored(third, edited);
        assertThat(third.summary()).isEqualTo("edits: less rounding");

        // 4. Edits that do not apply: one follow-up asks for the whole program, which is evaluated.
        int before = server.requests();
        String badEdits = "SUMMARY: x\n<<<<<<< SEARCH\nNO_SUCH_LINE = 1\n=======\nNO_SUCH_LINE = 2\n>>>>>>> REPLACE\n";
        var whole = variant(BLOCK_DCT, "GOP", 6);
        server.enqueue(Reply.text(badEdits, 1000, 100), Reply.text(fenced("shorter GOP", whole), 1500, 400));
        var fourth = runner.runOnce();
        assertScored(fourth, whole);
        assertThat(server.requests()).isEqualTo(before + 2);
        String followUp = requestText(before + 1);
        assertThat(followUp).contains(badEdits, "Your edit 1 did not apply", "NO_SUCH_LINE = 1", "whole program");
        assertThat(fourth.llmUsage().inputTokens()).isEqualTo(2500);
        assertThat(fourth.llmUsage().outputTokens()).isEqualTo(500);
        assertThat(artifact(fourth, "response")).contains(badEdits, "=== answer to the follow-up ===", whole.source());

        // 5. A truncated answer: a classified failure, the raw text and the cost kept.
        String cut = "SUMMARY: bigger blocks\n```python\nimport numpy as np\n\ndef encode(frames, quality):\n    n, h, w";
        server.enqueue(Reply.truncated(cut, 1300, 4096));
        var fifth = runner.runOnce();
        assertThat(fifth.status()).isEqualTo(ExperimentStatus.FAILED);
        assertThat(fifth.failure().stage()).isEqualTo("propose");
        assertThat(fifth.failure().kind()).isEqualTo("TRUNCATED");
        assertThat(fifth.source()).isEqualTo("openai:fake-model");
        assertThat(fifth.llmUsage().outputTokens()).isEqualTo(4096);
        assertThat(artifact(fifth, "response")).isEqualTo(cut);
        assertThat(artifact(fifth, "prompt")).contains(championCode());
        assertThat(fifth.codeSha256()).isEmpty();

        // 6. An empty answer: classified EMPTY; the next prompt hears of the truncation and of it.
        server.enqueue(Reply.text(""));
        var sixth = runner.runOnce();
        assertThat(sixth.status()).isEqualTo(ExperimentStatus.FAILED);
        assertThat(sixth.failure().kind()).isEqualTo("EMPTY");
        assertThat(sixth.artifacts()).containsKey("prompt").doesNotContainKey("response");
        assertThat(requestText(server.requests() - 1)).contains("experiment " + fifth.id()
                + " failed at stage propose: TRUNCATED");

        // 7. No paying twice: the first program again with new comments is not evaluated; the model is asked
        // again, told which experiment it repeated, and its next program is evaluated.
        String restyled = "# resent, restyled\n" + BLOCK_DCT.source().replace("\n\n\n", "\n\n");
        var fresh = variant(BLOCK_DCT, "INTRA_BIAS", 1.3);
        before = server.requests();
        server.enqueue(Reply.text("SUMMARY: again\n```python\n" + restyled + "```"),
                Reply.text(fenced("intra bias", fresh)));
        var seventh = runner.runOnce();
        assertScored(seventh, fresh);
        assertThat(server.requests()).isEqualTo(before + 2);
        assertThat(requestText(before + 1)).contains("Already evaluated, so not evaluated again",
                "the program of experiment " + first.id());
        assertThat(lab.experiments().latest(20)).hasSize(7);
        assertTheKeyIsInNoRecordAndNoArtifact();
    }

    /** Seven experiments' records and every artifact they left (prompts, answers, code, reports, logs). */
    private void assertTheKeyIsInNoRecordAndNoArtifact() {
        var records = lab.experiments().latest(100);
        assertThat(records).isNotEmpty();
        for (var r : records) {
            try {
                assertThat(Json.mapper().writeValueAsString(r)).as("record %s", r.id()).doesNotContain(API_KEY);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new AssertionError("cannot serialise record " + r.id(), e);
            }
        }
        var keys = lab.artifacts().list("");
        assertThat(keys).as("artifacts").anyMatch(k -> k.endsWith("/prompt.txt")).anyMatch(k -> k.endsWith("/response.txt"));
        for (String key : keys) {
            String content = new String(lab.artifacts().get(key).orElseThrow(), StandardCharsets.UTF_8);
            assertThat(content).as("artifact %s", key).doesNotContain(API_KEY);
        }
    }

    @Test
    void theSecondPromptHoldsTheFirstFailureTheChampionsCodeAndTheLivePolicysImports() throws IOException {
        // A policy file of this installation: its allowed imports (with scipy added) must reach the prompt.
        var bundled = io.codeclab.eval.policy.Policy.bundled();
        Path policyFile = dataDir.resolve("policy.json");
        Files.writeString(policyFile, bundled.json().replace("\"numpy\", \"cv2\",", "\"numpy\", \"scipy\", \"cv2\",")
                .replace("\"version\": \"" + bundled.version() + "\"", "\"version\": \"it-policy-3\""));
        open(Map.of(CodecLabConfig.POLICY_FILE, policyFile.toString()));
        var runner = runner(Protocol.OPENAI);

        var forbidden = "import os\nimport numpy as np\n\ndef encode(frames, quality):\n    return os.urandom(8)\n\n"
                + "def decode(data):\n    return eval('None')\n";
        server.enqueue(Reply.text("SUMMARY: random\n```python\n" + forbidden + "```"),
                Reply.text(fenced("block DCT", BLOCK_DCT)));
        var first = runner.runOnce();
        assertThat(first.status()).isEqualTo(ExperimentStatus.FAILED);
        assertThat(first.failure().stage()).isEqualTo("policy");
        var second = runner.runOnce();
        assertThat(second.status()).isEqualTo(ExperimentStatus.ADOPTED);

        String prompt = requestText(1);
        assertThat(prompt).contains("experiment " + first.id() + " failed at stage policy: import-not-allowed",
                "line 1, column 1", "denied-builtin", "line 8");
        assertThat(prompt).contains(BuiltInCodecs.baseline().source());
        assertThat(prompt).contains("Policy it-policy-3",
                "Imports allowed (each with its submodules): numpy, scipy, cv2, torch,");
        assertThat(artifact(second, "prompt")).contains("Policy it-policy-3", "failed at stage policy");
    }

    @Test
    void anthropicsProtocolCarriesTheFollowUpConversation() {
        open(Map.of());
        var runner = runner(Protocol.ANTHROPIC);
        server.enqueue(Reply.text("<<<<<<< SEARCH\nnot in the champion\n=======\nx\n>>>>>>> REPLACE\n"),
                Reply.text(fenced("block DCT", BLOCK_DCT), 900, 250));
        var record = runner.runOnce();
        assertThat(record.status()).isEqualTo(ExperimentStatus.ADOPTED);
        assertThat(record.source()).isEqualTo("anthropic:fake-model");
        assertThat(record.codeSha256()).isEqualTo(BLOCK_DCT.sha256());
        assertThat(record.llmUsage().inputTokens()).isEqualTo(100 + 900);
        assertThat(server.requests()).isEqualTo(2);
        assertThat(requestText(1)).contains("not in the champion", "Your edit 1 did not apply");
    }
}
