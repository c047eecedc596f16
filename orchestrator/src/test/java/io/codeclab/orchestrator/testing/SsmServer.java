package io.codeclab.orchestrator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * SSM on 127.0.0.1 speaking its JSON protocol (the operation in {@code X-Amz-Target}) for Run Command
 * (SendCommand, GetCommandInvocation) and Parameter Store (GetParametersByPath, paged): enough for the
 * unmodified {@code SsmClient}. No SSM emulator can be installed here (ENVIRONMENT.md). Every request is kept
 * for the test to inspect.
 */
public final class SsmServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    /** One answer of the server: HTTP status and body. */
    public record Answer(int status, Map<String, Object> body) {
        /** An SSM error, e.g. {@code error("InvocationDoesNotExist", "...")}. */
        public static Answer error(String type, String message) {
            return new Answer(400, Map.of("__type", type, "message", message));
        }
    }

    public record Request(String target, JsonNode body) {
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Deque<Answer> sendCommandAnswers = new ConcurrentLinkedDeque<>();
    private final Deque<Answer> invocationAnswers = new ConcurrentLinkedDeque<>();
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private volatile Answer refuseAll;
    private volatile int pageSize = 10;
    private volatile String commandId = "4f1c7a5e-0b1d-4c1e-9a57-1f2e3d4c5b6a";

    private SsmServer(HttpServer server) {
        this.server = server;
    }

    public static SsmServer start() throws IOException {
        var http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        var ssm = new SsmServer(http);
        http.createContext("/", ssm::handle);
        http.start();
        return ssm;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public String commandId() {
        return commandId;
    }

    /** The next SendCommand answers with this instead of accepting the command. */
    public void refuseNextSendCommand(Answer answer) {
        sendCommandAnswers.add(answer);
    }

    /** Answers of GetCommandInvocation in order; the last one repeats. */
    public void invocationAnswers(Answer... answers) {
        invocationAnswers.clear();
        invocationAnswers.addAll(List.of(answers));
    }

    /** A GetCommandInvocation answer for the sent command. */
    public Answer invocation(String instanceId, String status, String statusDetails, int responseCode, String stdout,
                             String stderr) {
        var body = new LinkedHashMap<String, Object>();
        body.put("CommandId", commandId);
        body.put("InstanceId", instanceId);
        body.put("DocumentName", "codec-lab-run-experiment");
        body.put("PluginName", "runExperiment");
        body.put("Status", status);
        body.put("StatusDetails", statusDetails);
        body.put("ResponseCode", responseCode);
        body.put("StandardOutputContent", stdout);
        body.put("StandardErrorContent", stderr);
        return new Answer(200, body);
    }

    public void putParameter(String name, String value) {
        synchronized (parameters) {
            parameters.put(name, value);
        }
    }

    /** Every request from now on gets this answer (an error such as AccessDeniedException). */
    public void refuseAll(Answer answer) {
        this.refuseAll = answer;
    }

    public void pageSize(int size) {
        this.pageSize = size;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<JsonNode> requests(String operation) {
        return requests.stream().filter(r -> r.target().equals("AmazonSSM." + operation)).map(Request::body).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            requests.add(new Request(target, body));
            Answer answer = refuseAll != null ? refuseAll : switch (target) {
                case "AmazonSSM.SendCommand" -> sendCommand(body);
                case "AmazonSSM.GetCommandInvocation" -> getCommandInvocation();
                case "AmazonSSM.GetParametersByPath" -> getParametersByPath(body);
                default -> Answer.error("InvalidAction", "not served here: " + target);
            };
            respond(exchange, answer);
        }
    }

    private Answer sendCommand(JsonNode body) {
        Answer refusal = sendCommandAnswers.poll();
        if (refusal != null) {
            return refusal;
        }
        var command = new LinkedHashMap<String, Object>();
        command.put("CommandId", commandId);
        command.put("DocumentName", body.path("DocumentName").asText());
        command.put("InstanceIds", JSON.convertValue(body.path("InstanceIds"), List.class));
        command.put("Status", "Pending");
        return new Answer(200, Map.of("Command", command));
    }

    private Answer getCommandInvocation() {
        Answer next = invocationAnswers.size() > 1 ? invocationAnswers.poll() : invocationAnswers.peek();
        return next != null ? next : Answer.error("InvocationDoesNotExist", "no invocation scripted");
    }

    private Answer getParametersByPath(JsonNode body) {
        String path = body.path("Path").asText();
        String prefix = path.endsWith("/") ? path : path + "/";
        int from = body.hasNonNull("NextToken") ? Integer.parseInt(body.path("NextToken").asText()) : 0;
        var matching = new ArrayList<Map<String, Object>>();
        synchronized (parameters) {
            parameters.forEach((name, value) -> {
                // not recursive: direct children only
                if (name.startsWith(prefix) && name.indexOf('/', prefix.length()) < 0) {
                    matching.add(Map.of("Name", name, "Value", value, "Type", "SecureString", "Version", 1));
                }
            });
        }
        int to = Math.min(matching.size(), from + pageSize);
        var response = new LinkedHashMap<String, Object>();
        response.put("Parameters", matching.subList(from, to));
        if (to < matching.size()) {
            response.put("NextToken", Integer.toString(to));
        }
        return new Answer(200, response);
    }

    private static void respond(HttpExchange exchange, Answer answer) throws IOException {
        byte[] bytes = JSON.writeValueAsString(answer.body()).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
