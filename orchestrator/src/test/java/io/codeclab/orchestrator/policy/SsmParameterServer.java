package io.codeclab.orchestrator.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Parameter Store on 127.0.0.1 speaking the SSM JSON protocol (the operation in {@code X-Amz-Target}), as far
 * as GetParameter goes: enough for the unmodified {@code SsmClient}. No SSM emulator can be installed here
 * (ENVIRONMENT.md). Every put bumps the parameter's version, as SSM does.
 */
public final class SsmParameterServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private record Stored(String value, long version) {
    }

    private final HttpServer server;
    private final Map<String, Stored> parameters = new ConcurrentHashMap<>();
    private final List<JsonNode> getParameterRequests = new CopyOnWriteArrayList<>();

    private SsmParameterServer(HttpServer server) {
        this.server = server;
    }

    public static SsmParameterServer start() throws IOException {
        var http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        var ssm = new SsmParameterServer(http);
        http.createContext("/", ssm::handle);
        http.start();
        return ssm;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public void put(String name, String value) {
        parameters.merge(name, new Stored(value, 1), (old, next) -> new Stored(value, old.version() + 1));
    }

    public void delete(String name) {
        parameters.remove(name);
    }

    /** The bodies of the GetParameter calls received, in order. */
    public List<JsonNode> getParameterRequests() {
        return List.copyOf(getParameterRequests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
            if (!"AmazonSSM.GetParameter".equals(target)) {
                respond(exchange, 400, Map.of("__type", "InvalidAction", "message", "not served here: " + target));
                return;
            }
            getParameterRequests.add(request);
            String name = request.path("Name").asText();
            Stored stored = parameters.get(name);
            if (stored == null) {
                respond(exchange, 400, Map.of("__type", "ParameterNotFound", "message", "Parameter " + name
                        + " not found."));
                return;
            }
            respond(exchange, 200, Map.of("Parameter", Map.of("Name", name, "Value", stored.value(),
                    "Version", stored.version(), "Type", "String")));
        }
    }

    private static void respond(HttpExchange exchange, int status, Map<String, Object> body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
