package io.codeclab.orchestrator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A tiny HTTP proxy on 127.0.0.1 in front of a DynamoDB endpoint: it answers the first requests with
 * scripted faults (throttling, 5xx) and forwards the rest unchanged, counting both.
 */
public final class FaultInjectingProxy implements AutoCloseable {

    /** A scripted answer: HTTP status and DynamoDB error type. */
    public record Fault(int status, String errorType) {
        public static Fault throttling() {
            return new Fault(400, "com.amazonaws.dynamodb.v20120810#ThrottlingException");
        }

        public static Fault internalServerError() {
            return new Fault(500, "com.amazonaws.dynamodb.v20120810#InternalServerError");
        }

        public static Fault serviceUnavailable() {
            return new Fault(503, "com.amazonaws.dynamodb.v20120810#ServiceUnavailable");
        }
    }

    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect",
            "upgrade", "transfer-encoding");

    private final HttpServer server;
    private final URI target;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Fault> script;
    private final boolean faultForever;
    /** Whether a faulted request still reaches the target (its answer is replaced: "applied, answer lost"). */
    private final boolean forwardFaulted;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger forwarded = new AtomicInteger();
    private final List<String> targets = new CopyOnWriteArrayList<>();

    private FaultInjectingProxy(URI target, List<Fault> script, boolean faultForever) {
        this(target, script, faultForever, false);
    }

    private FaultInjectingProxy(URI target, List<Fault> script, boolean faultForever, boolean forwardFaulted) {
        this.target = target;
        this.script = List.copyOf(script);
        this.faultForever = faultForever;
        this.forwardFaulted = forwardFaulted;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    /** Answers request i with {@code faults[i]} while there are faults, then forwards to {@code target}. */
    public static FaultInjectingProxy failingFirst(URI target, List<Fault> faults) {
        return new FaultInjectingProxy(target, faults, false);
    }

    /**
     * Forwards every request, but replaces the answers of the first ones with {@code faults}: the target
     * applied them, the client never learns it (a server stopping or a connection breaking after the write).
     */
    public static FaultInjectingProxy applyingButLosingTheAnswerOfFirst(URI target, List<Fault> faults) {
        return new FaultInjectingProxy(target, faults, false, true);
    }

    /** Answers every request with {@code fault}. */
    public static FaultInjectingProxy failingAlways(URI target, Fault fault) {
        return new FaultInjectingProxy(target, List.of(fault), true);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public int requests() {
        return requests.get();
    }

    public int forwarded() {
        return forwarded.get();
    }

    /** The X-Amz-Target of every request received, in order. */
    public List<String> targets() {
        return List.copyOf(targets);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            int n = requests.getAndIncrement();
            targets.add(String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target")));
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (faultForever || n < script.size()) {
                if (forwardFaulted) {
                    forward(exchange, body);
                }
                var fault = faultForever ? script.get(0) : script.get(n);
                byte[] answer = ("{\"__type\":\"" + fault.errorType() + "\",\"message\":\"injected by the test proxy\"}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
                exchange.sendResponseHeaders(fault.status(), answer.length);
                exchange.getResponseBody().write(answer);
                return;
            }
            var response = forward(exchange, body);
            response.headers().map().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    values.forEach(v -> exchange.getResponseHeaders().add(name, v));
                }
            });
            byte[] answer = response.body();
            exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            exchange.getResponseBody().write(answer);
        }
    }

    private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body) throws IOException {
        var request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().getRawPath()))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while forwarding", e);
        }
        forwarded.incrementAndGet();
        return response;
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
