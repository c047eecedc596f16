package io.codeclab.orchestrator.propose.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.codeclab.orchestrator.aws.AwsClients;
import io.codeclab.orchestrator.propose.llm.providers.Providers;
import io.codeclab.orchestrator.testing.FakeLlmServer;
import io.codeclab.orchestrator.testing.FakeLlmServer.Protocol;
import io.codeclab.orchestrator.testing.FakeLlmServer.Reply;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * Bedrock through langchain4j's Bedrock module and the Bedrock Runtime client {@link AwsClients} builds (no SDK
 * retries), against a Converse fake: answer and usage, truncation, throttling retried, server errors classified.
 */
class BedrockProviderIT {

    private static final String MODEL = "amazon.nova-pro-v1:0";
    private FakeLlmServer server;
    private String oldKeyId;
    private String oldSecret;

    @BeforeEach
    void start() {
        server = FakeLlmServer.start(Protocol.BEDROCK);
        // bedrockRuntime() takes the SDK's default chain, whose first link is these system properties.
        oldKeyId = System.setProperty("aws.accessKeyId", "AKIAFAKEFAKEFAKE");
        oldSecret = System.setProperty("aws.secretAccessKey", "fake-secret");
    }

    @AfterEach
    void stop() {
        server.close();
        restore("aws.accessKeyId", oldKeyId);
        restore("aws.secretAccessKey", oldSecret);
    }

    private static void restore(String name, String value) {
        if (value == null) {
            System.clearProperty(name);
        } else {
            System.setProperty(name, value);
        }
    }

    private ResilientLanguageModel model() {
        var endpoint = ModelEndpoint.of("test", ModelEndpoint.Provider.BEDROCK, MODEL, server.baseUrl());
        var settings = LlmSettings.DEFAULTS.withTimeLimit(Duration.ofSeconds(5))
                .withRetries(3, Duration.ofMillis(20), Duration.ofSeconds(5));
        var aws = AwsClients.at(URI.create("http://127.0.0.1:1"), Region.US_EAST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("unused", "unused")));
        var provider = Providers.create(endpoint, "", new Providers.Settings(settings.timeLimit(), 4096),
                e -> aws.bedrockRuntime(settings.timeLimit(), URI.create(e.baseUrl())));
        return new ResilientLanguageModel(Map.of(endpoint, provider), settings,
                Accounting.parse("test", MODEL + ":0.8:3.2"), DailyBudget.unlimited(),
                new ModelBandit(0, new Random(1), List::of));
    }

    @Test
    void anAnswerComesBackWithUsageAndCost() {
        server.enqueue(Reply.text("def encode(): pass", 1_000_000, 500_000));

        var reply = model().complete(LlmRequest.of("You write codecs.", "Improve it."));

        assertThat(reply.text()).isEqualTo("def encode(): pass");
        assertThat(reply.model()).isEqualTo("bedrock:" + MODEL);
        assertThat(reply.usage().inputTokens()).isEqualTo(1_000_000);
        assertThat(reply.usage().costUsd()).isCloseTo(0.8 + 1.6, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(reply.truncated()).isFalse();
        var request = server.received().get(0);
        assertThat(request.path()).isEqualTo("/model/" + MODEL + "/converse");
        assertThat(request.header("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIAFAKEFAKEFAKE/");
        assertThat(request.body()).contains("You write codecs.").contains("Improve it.").contains("4096");
    }

    @Test
    void maxTokensIsTruncatedAndThrottlingIsRetriedOnceByUsOnly() {
        server.enqueue(Reply.status(429), Reply.truncated("def enc", 10, 4096));

        var reply = model().complete(LlmRequest.of("s", "u"));

        assertThat(reply.truncated()).isTrue();
        assertThat(server.requests()).as("one throttled attempt, one retry: the SDK itself retries nothing").isEqualTo(2);
    }

    @Test
    void serverErrorsEndAsProviderErrorAfterOurAttempts() {
        server.otherwise(Reply.status(500));

        var e = catchThrowableOfType(() -> model().complete(LlmRequest.of("s", "u")), LlmCallException.class);

        assertThat(e.kind()).isEqualTo("ProviderError");
        assertThat(e.getMessage()).contains("bedrock:" + MODEL).contains("HTTP 500");
        assertThat(server.requests()).isEqualTo(3);
    }
}
