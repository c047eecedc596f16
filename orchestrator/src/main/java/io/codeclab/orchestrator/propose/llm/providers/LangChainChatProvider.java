package io.codeclab.orchestrator.propose.llm.providers;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import io.codeclab.orchestrator.propose.llm.LlmRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * A {@link ChatProvider} over a langchain4j {@link ChatModel} (OpenAI-compatible, Anthropic, Bedrock), built
 * by {@link Providers} with langchain4j's own retries off. Turns langchain4j's and the AWS SDK's exceptions
 * into classified {@link ProviderException}s, with the API key cut out of every message.
 */
final class LangChainChatProvider implements ChatProvider {

    /** How much of an error body a message quotes: enough for "model not found", not a whole HTML page. */
    private static final int BODY_EXCERPT = 300;

    private final String modelName;
    private final ChatModel model;
    private final String secret;

    LangChainChatProvider(String modelName, ChatModel model, String secret) {
        this.modelName = Objects.requireNonNull(modelName, "modelName");
        this.model = Objects.requireNonNull(model, "model");
        this.secret = secret == null ? "" : secret;
    }

    @Override
    public ProviderAnswer send(LlmRequest request) {
        ChatResponse response;
        try {
            response = model.chat(ChatRequest.builder().messages(messages(request)).build());
        } catch (RuntimeException e) {
            throw classify(e);
        }
        String text = response.aiMessage() == null || response.aiMessage().text() == null
                ? "" : response.aiMessage().text();
        var usage = response.tokenUsage();
        long in = usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount();
        long out = usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount();
        return new ProviderAnswer(text, in, out, response.finishReason() == FinishReason.LENGTH);
    }

    private static List<ChatMessage> messages(LlmRequest request) {
        var messages = new ArrayList<ChatMessage>();
        if (!request.system().isBlank()) {
            messages.add(SystemMessage.from(request.system()));
        }
        for (var turn : request.turns()) {
            messages.add(switch (turn.role()) {
                case USER -> UserMessage.from(turn.text());
                case ASSISTANT -> AiMessage.from(turn.text());
            });
        }
        return messages;
    }

    private ProviderException classify(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HeaderKeepingHttpClient.StatusException status) {
                return failure(status.statusCode(), status.retryAfter().orElse(null),
                        "answered HTTP " + status.statusCode() + ": " + excerpt(status.getMessage()));
            }
            if (t instanceof HttpException http) {
                return failure(http.statusCode(), null, "answered HTTP " + http.statusCode() + ": "
                        + excerpt(http.getMessage()));
            }
            if (t instanceof SdkServiceException aws) {
                int status = aws.isThrottlingException() ? 429 : aws.statusCode();
                return failure(status, null, "answered HTTP " + aws.statusCode() + ": " + excerpt(aws.getMessage()));
            }
            if (t instanceof TimeoutException || t instanceof ApiCallTimeoutException
                    || t instanceof ApiCallAttemptTimeoutException || t instanceof java.net.http.HttpTimeoutException) {
                return new ProviderException(ProviderException.Failure.TIMEOUT, 0, null,
                        redact("model " + modelName + " did not answer in time: " + t.getMessage()), e);
            }
            if (t instanceof IOException || t instanceof UncheckedIOException) {
                return new ProviderException(ProviderException.Failure.SERVER_ERROR, 0, null,
                        redact("model " + modelName + " could not be reached: " + t), e);
            }
        }
        return new ProviderException(ProviderException.Failure.SERVER_ERROR, 0, null,
                redact("model " + modelName + " failed: " + e), e);
    }

    /** No cause kept: langchain4j's exceptions quote the whole error body, which might echo the key back. */
    private ProviderException failure(int status, Duration retryAfter, String what) {
        return new ProviderException(ProviderException.classify(status), status, retryAfter,
                redact("model " + modelName + " " + what), null);
    }

    private static String excerpt(String body) {
        if (body == null) {
            return "(no body)";
        }
        String flat = body.replaceAll("\\s+", " ").trim();
        return flat.length() <= BODY_EXCERPT ? flat : flat.substring(0, BODY_EXCERPT) + "...";
    }

    /** The key never leaves in a message, even when a provider echoes it back in an error body. */
    private String redact(String message) {
        return secret.isEmpty() ? message : message.replace(secret, "****");
    }
}
