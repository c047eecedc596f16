package io.codeclab.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeclab.eval.codecs.BuiltInCodecs;
import io.codeclab.eval.policy.Policy;
import io.codeclab.orchestrator.config.CodecLabConfig;
import io.codeclab.orchestrator.testing.CodecLabProcess;
import io.codeclab.orchestrator.testing.FakeLlmServer;
import io.codeclab.orchestrator.testing.FakeLlmServer.Protocol;
import io.codeclab.orchestrator.testing.FakeLlmServer.Reply;
import io.codeclab.sandbox.testing.SandboxHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code CODEC_LAB_PROPOSER=openai CODEC_LAB_LLM_BASE_URL=http://127.0.0.1:PORT/v1 scripts/codec-lab run-once
 * --json} in a separate process against a local OpenAI-protocol server: {@code prompt} shows the prompt without
 * calling the server, and the experiment's record names the model, its tokens and cost, and the prompt artifact,
 * which is exactly what the server received.
 */
class LlmRunOnceCliIT {

    @TempDir
    Path dataDir;

    @Test
    void runOnceAsksTheConfiguredServerAndRecordsModelTokensCostAndPrompt() throws Exception {
        SandboxHosts.requireBwrap();
        String program = BuiltInCodecs.all().get(1).program().source();
        try (var server = FakeLlmServer.start(Protocol.OPENAI)) {
            var lab = CodecLabProcess.on(dataDir, 4)
                    .with(CodecLabConfig.PROPOSER, "openai")
                    .with(CodecLabConfig.LLM_BASE_URL, server.baseUrl())
                    .with(CodecLabConfig.LLM_MODEL, "fake-model")
                    .with(CodecLabConfig.LLM_PRICES, "fake-model:2.5:10")
                    .with(CodecLabConfig.X264_ANCHOR, "false")
                    .with(CodecLabConfig.QUALITIES, "2,8")
                    .with(CodecLabConfig.SANDBOX, "bwrap");

            var prompt = lab.run("prompt", "--json");
            assertThat(prompt.exitCode()).as("stderr:%n%s", CodecLabProcess.tail(prompt.stderr())).isZero();
            assertThat(prompt.json().get("championVersion").asInt()).isZero();
            assertThat(prompt.json().get("proposer").asText()).isEqualTo("openai");
            assertThat(prompt.json().get("system").asText()).contains("def decode(data: bytes) -> np.ndarray:",
                    "Imports allowed (each with its submodules): " + String.join(", ", Policy.bundled().allowedImports()));
            assertThat(prompt.json().get("user").asText()).contains(BuiltInCodecs.baseline().source());
            assertThat(server.requests()).as("prompt calls no model").isZero();

            server.enqueue(Reply.text("SUMMARY: block DCT\n```python\n" + program + "```\n", 1200, 300));
            var run = lab.run("run-once", "--json");
            assertThat(run.exitCode()).as("stderr:%n%s", CodecLabProcess.tail(run.stderr())).isZero();
            var record = run.json();
            assertThat(record.get("status").asText()).isEqualTo("ADOPTED");
            assertThat(record.get("source").asText()).isEqualTo("openai:fake-model");
            assertThat(record.get("llmUsage").get("inputTokens").asLong()).isEqualTo(1200);
            assertThat(record.get("llmUsage").get("outputTokens").asLong()).isEqualTo(300);
            assertThat(record.get("llmUsage").get("costUsd").asDouble()).isCloseTo(0.006, Offset.offset(1e-9));
            String id = record.get("id").asText();
            assertThat(record.get("artifacts").get("prompt").asText()).isEqualTo("experiments/" + id + "/prompt.txt");
            assertThat(server.requests()).isEqualTo(1);

            Path fetched = dataDir.resolve("fetched");
            var show = lab.run("experiments", "show", id, "--json", "--fetch", fetched.toString());
            assertThat(show.exitCode()).as("stderr:%n%s", CodecLabProcess.tail(show.stderr())).isZero();
            String stored = Files.readString(fetched.resolve("prompt.txt"));
            // The stored prompt is the system text and the user turn the server received.
            String body = server.received().get(0).body();
            var sent = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).get("messages");
            assertThat(stored).isEqualTo("=== system ===\n" + sent.get(0).get("content").asText() + "\n=== user ===\n"
                    + sent.get(1).get("content").asText());
            assertThat(stored).contains(BuiltInCodecs.baseline().source(), "## Policy ");
            assertThat(Files.readString(fetched.resolve("response.txt"))).contains(program);
        }
    }
}
