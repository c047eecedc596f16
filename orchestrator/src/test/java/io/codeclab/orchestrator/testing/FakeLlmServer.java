package io.codeclab.orchestrator.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A language model on 127.0.0.1 for tests, speaking either OpenAI's chat-completions protocol
 * ({@code POST .../chat/completions}), Anthropic's messages API ({@code POST .../messages}) or Bedrock's
 * Converse API ({@code POST /model/ID/converse}, errors as the AWS SDK expects them), answering
 * from a script: each request takes the next {@link Reply}; when the script is empty it answers
 * {@link #otherwise}'s reply (by default a 500 saying the script ran out). Every request is recorded.
 *
 * <pre>{@code
 * try (var server = FakeLlmServer.start(FakeLlmServer.Protocol.OPENAI)) {
 *     server.enqueue(Reply.status(500), Reply.text("```python\n...\n```", 1200, 340));
 *     // CODEC_LAB_PROPOSER=openai CODEC_LAB_LLM_BASE_URL=server.baseUrl() CODEC_LAB_LLM_MODEL=fake
 * }
 * }</pre>
 */
public final class FakeLlmServer implements AutoCloseable {

    /** OpenAI chat-completions, Anthropic messages, or Bedrock Runtime's Converse API ({@code POST /model/{id}/converse}). */
    public enum Protocol { OPENAI, ANTHROPIC, BEDROCK }

    /** One scripted answer. */
    public sealed interface Reply {

        /** A normal answer with the given text and token usage. */
        static Reply text(String text, long inputTokens, long outputTokens) {
            return new Answer(text, inputTokens, outputTokens, false);
        }

        static Reply text(String text) {
            return text(text, 100, 50);
        }

        /** An answer stopped at the output limit: finish_reason "length" / stop_reason "max_tokens". */
        static Reply truncated(String text, long inputTokens, long outputTokens) {
            return new Answer(text, inputTokens, outputTokens, true);
        }

        /** An error status with a provider-style JSON error body. */
        static Reply status(int code) {
            return new Status(code, null, "scripted failure " + code);
        }

        /** An error status whose error message is {@code message} (a provider echoing something back, say). */
        static Reply status(int code, String message) {
            return new Status(code, null, message);
        }

        /** 429 with {@code Retry-After: seconds}. */
        static Reply rateLimited(int retryAfterSeconds) {
            return new Status(429, Integer.toString(retryAfterSeconds), "rate limit reached");
        }

        /** Answers {@code then} only after {@code delay}: past a time limit, the client gives up first. */
        static Reply hang(Duration delay, Reply then) {
            return new Hang(delay, then);
        }
    }

    public record Answer(String text, long inputTokens, long outputTokens, boolean truncated) implements Reply {
    }

    public record Status(int code, String retryAfter, String message) implements Reply {
    }

    public record Hang(Duration delay, Reply then) implements Reply {
    }

    /** A request as the server saw it; header names in lower case. */
    public record Received(String method, String path, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            var values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Protocol protocol;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Deque<Reply> script = new ArrayDeque<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private Reply otherwise = new Status(500, null, "the fake server's script ran out");

    private FakeLlmServer(Protocol protocol) throws IOException {
        this.protocol = protocol;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.executor = Executors.newCachedThreadPool(r -> {
            var t = new Thread(r, "fake-llm-" + protocol.name().toLowerCase(Locale.ROOT));
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeLlmServer start(Protocol protocol) {
        try {
            return new FakeLlmServer(protocol);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fake LLM server on 127.0.0.1", e);
        }
    }

    /**
     * The base URL for {@code CODEC_LAB_LLM_BASE_URL} (or an entry's {@code @url}): {@code http://127.0.0.1:PORT/v1};
     * for Bedrock the endpoint itself, {@code http://127.0.0.1:PORT}.
     */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + (protocol == Protocol.BEDROCK ? "" : "/v1");
    }

    public Protocol protocol() {
        return protocol;
    }

    /** Appends replies to the script. */
    public synchronized FakeLlmServer enqueue(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    /** The reply once the script is empty. */
    public synchronized FakeLlmServer otherwise(Reply reply) {
        this.otherwise = Objects.requireNonNull(reply, "reply");
        return this;
    }

    /** How many requests reached the server. */
    public int requests() {
        return received.size();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    private synchronized Reply next() {
        return script.isEmpty() ? otherwise : script.poll();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var headers = new TreeMap<String, List<String>>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            String path = exchange.getRequestURI().getPath();
            received.add(new Received(exchange.getRequestMethod(), path, headers, body));
            boolean known = switch (protocol) {
                case OPENAI -> path.endsWith("/chat/completions");
                case ANTHROPIC -> path.endsWith("/messages");
                case BEDROCK -> path.startsWith("/model/") && path.endsWith("/converse");
            };
            if (!known || !"POST".equals(exchange.getRequestMethod())) {
                send(exchange, new Status(404, null, "no such endpoint for " + protocol + ": " + path));
                return;
            }
            send(exchange, next());
        }
    }

    private void send(HttpExchange exchange, Reply reply) throws IOException {
        if (reply instanceof Hang hang) {
            try {
                Thread.sleep(hang.delay().toMillis());
            } catch (InterruptedException e) {
                return; // the server is closing
            }
            send(exchange, hang.then());
        } else if (reply instanceof Status status) {
            if (status.retryAfter() != null) {
                exchange.getResponseHeaders().add("Retry-After", status.retryAfter());
            }
            if (protocol == Protocol.BEDROCK) {
                exchange.getResponseHeaders().add("x-amzn-ErrorType", awsErrorType(status.code()));
            }
            write(exchange, status.code(), error(status));
        } else if (reply instanceof Answer answer) {
            write(exchange, 200, switch (protocol) {
                case OPENAI -> openAi(answer);
                case ANTHROPIC -> anthropic(answer);
                case BEDROCK -> bedrock(answer);
            });
        }
    }

    private static void write(HttpExchange exchange, int code, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private String error(Status status) {
        ObjectNode root = JSON.createObjectNode();
        if (protocol == Protocol.BEDROCK) {
            root.put("message", status.message());
        } else if (protocol == Protocol.OPENAI) {
            root.putObject("error").put("message", status.message()).put("type", "scripted").put("code", status.code());
        } else {
            root.put("type", "error");
            root.putObject("error").put("type", status.code() == 429 ? "rate_limit_error" : "api_error")
                    .put("message", status.message());
        }
        return root.toString();
    }

    private static String openAi(Answer answer) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "chatcmpl-fake").put("object", "chat.completion").put("created", 1_700_000_000L)
                .put("model", "fake");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", answer.text());
        choice.put("finish_reason", answer.truncated() ? "length" : "stop");
        root.putObject("usage").put("prompt_tokens", answer.inputTokens())
                .put("completion_tokens", answer.outputTokens())
                .put("total_tokens", answer.inputTokens() + answer.outputTokens());
        return root.toString();
    }

    private static String anthropic(Answer answer) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "msg_fake").put("type", "message").put("role", "assistant").put("model", "fake");
        root.putArray("content").addObject().put("type", "text").put("text", answer.text());
        root.put("stop_reason", answer.truncated() ? "max_tokens" : "end_turn");
        root.putNull("stop_sequence");
        root.putObject("usage").put("input_tokens", answer.inputTokens()).put("output_tokens", answer.outputTokens());
        return root.toString();
    }

    private static String awsErrorType(int code) {
        return switch (code) {
            case 429 -> "ThrottlingException";
            case 400 -> "ValidationException";
            case 403 -> "AccessDeniedException";
            case 404 -> "ResourceNotFoundException";
            case 503 -> "ServiceUnavailableException";
            default -> code >= 500 ? "InternalServerException" : "ValidationException";
        };
    }

    private static String bedrock(Answer answer) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode message = root.putObject("output").putObject("message");
        message.put("role", "assistant");
        message.putArray("content").addObject().put("text", answer.text());
        root.put("stopReason", answer.truncated() ? "max_tokens" : "end_turn");
        root.putObject("usage").put("inputTokens", answer.inputTokens()).put("outputTokens", answer.outputTokens())
                .put("totalTokens", answer.inputTokens() + answer.outputTokens());
        root.putObject("metrics").put("latencyMs", 1);
        return root.toString();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
