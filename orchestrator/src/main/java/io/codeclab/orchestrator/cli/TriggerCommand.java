package io.codeclab.orchestrator.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.codeclab.orchestrator.app.Json;
import io.codeclab.orchestrator.aws.AwsClients;
import io.codeclab.orchestrator.config.CodecLabConfig;
import io.codeclab.orchestrator.config.Endpoint;
import io.codeclab.orchestrator.config.SettingValues;
import io.codeclab.orchestrator.ops.ExperimentTrigger;
import io.codeclab.orchestrator.ops.Invocation;
import io.codeclab.orchestrator.ops.RunOnceOutput;
import io.codeclab.orchestrator.ops.TriggerException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code codec-lab trigger}: runs one experiment on a worker through SSM Run Command (the stack's
 * run-experiment document) and, with {@code --wait}, reports how it ended. Each way SSM can settle a
 * command has its own exit code.
 */
@Command(name = "trigger", mixinStandardHelpOptions = true,
        description = {"Run one experiment on an EC2 worker through SSM (SendCommand with the run-experiment document,"
                + " then GetCommandInvocation until it is done) and print the experiment id, its status and record.",
                "Uses CODEC_LAB_SSM_DOCUMENT (default <table prefix>-run-experiment, as the stack names it),"
                        + " CODEC_LAB_REGION and CODEC_LAB_SSM_ENDPOINT (default: AWS)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:sent (without --wait), or the command succeeded (the experiment ran; its own status is printed)",
                "1:internal error", "2:usage error",
                "10:Failed: the command ran and failed (run-once exited non-zero, or the instance could not run it)",
                "11:Cancelled", "12:TimedOut: not delivered in time, or the run exceeded --timeout",
                "13:still Pending, InProgress or Delayed when --wait-limit ran out",
                "14:SSM refused or could not be reached (instance, document, permissions, network)"})
final class TriggerCommand implements Callable<Integer> {

    static final int FAILED = 10;
    static final int CANCELLED = 11;
    static final int TIMED_OUT = 12;
    static final int STILL_RUNNING = 13;
    static final int REFUSED = 14;

    /** Lines of the command's stderr shown when it failed. */
    private static final int STDERR_TAIL_LINES = 20;

    @ParentCommand
    CodecLabCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--instance-id", required = true, paramLabel = "ID", description = "The worker (i-...).")
    String instanceId;

    @Option(names = "--wait", description = "Wait until SSM reports the command done, then print the experiment.")
    boolean waitForIt;

    @Option(names = "--json", description = "Print the result as one JSON document on stdout.")
    boolean json;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m",
            description = "How long the experiment may run on the worker before SSM stops it (default ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--wait-limit", paramLabel = "DURATION",
            description = "How long --wait waits (default: --timeout plus SSM's 10 minute delivery time plus a minute).")
    String waitLimit;

    @Option(names = "--poll-interval", paramLabel = "DURATION", defaultValue = "5s",
            description = "Time between GetCommandInvocation calls (default ${DEFAULT-VALUE}).")
    String pollInterval;

    @Option(names = "--document", paramLabel = "NAME", description = "The SSM document (overrides CODEC_LAB_SSM_DOCUMENT).")
    void document(String name) {
        root.override(CodecLabConfig.SSM_DOCUMENT, name);
    }

    @Override
    public Integer call() throws InterruptedException {
        Duration executionTimeout = SettingValues.parseDuration("--timeout", timeout);
        Duration poll = SettingValues.parseDuration("--poll-interval", pollInterval);
        Duration limit = waitLimit == null
                ? executionTimeout.plus(ExperimentTrigger.DELIVERY_TIMEOUT).plusMinutes(1)
                : SettingValues.parseDuration("--wait-limit", waitLimit);
        if (executionTimeout.toSeconds() < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--timeout must be at least 1s");
        }
        CodecLabConfig config = root.config();
        if (config.get(CodecLabConfig.SSM_ENDPOINT).isEmpty()) {
            // There is no embedded SSM: the trigger talks to AWS unless told otherwise.
            config = config.with(Map.of(CodecLabConfig.SSM_ENDPOINT, "aws"));
        } else if (config.ssmEndpoint() instanceof Endpoint.Embedded) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "trigger needs SSM: set "
                    + CodecLabConfig.SSM_ENDPOINT + "=aws or the URL of an SSM endpoint");
        }
        String document = config.ssmDocument();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (var ssm = AwsClients.fromConfig(config).ssm()) {
            var trigger = new ExperimentTrigger(ssm, Clock.systemUTC(), d -> Thread.sleep(d.toMillis()));
            String commandId = trigger.send(document, instanceId, executionTimeout);
            if (!json) {
                out.printf("sent %s to %s: command %s%n", document, instanceId, commandId);
                out.flush();
            }
            Invocation invocation = waitForIt ? trigger.await(commandId, instanceId, limit, poll)
                    : trigger.look(commandId, instanceId, poll);
            report(invocation, document, out, err);
            return exitCode(invocation);
        } catch (TriggerException e) {
            err.println("codec-lab trigger: " + e.getMessage());
            return REFUSED;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int exitCode(Invocation invocation) {
        if (invocation.running()) {
            return waitForIt ? STILL_RUNNING : ExitCodes.OK;
        }
        return switch (invocation.status()) {
            case SUCCESS -> ExitCodes.OK;
            case FAILED -> FAILED;
            case CANCELLED -> CANCELLED;
            case TIMED_OUT -> TIMED_OUT;
            default -> ExitCodes.INTERNAL_ERROR;
        };
    }

    private void report(Invocation invocation, String document, PrintWriter out, PrintWriter err) {
        RunOnceOutput run = RunOnceOutput.parse(invocation.stdout());
        if (json) {
            var m = new LinkedHashMap<String, Object>();
            m.put("commandId", invocation.commandId());
            m.put("instanceId", invocation.instanceId());
            m.put("document", document);
            m.put("status", invocation.statusName());
            m.put("statusDetails", invocation.statusDetails());
            m.put("responseCode", invocation.responseCode());
            run.experimentId().ifPresent(id -> m.put("experimentId", id));
            run.experimentStatus().ifPresent(s -> m.put("experimentStatus", s));
            run.record().ifPresent(r -> m.put("record", r));
            m.put("recordTruncated", run.truncated());
            if (!invocation.stderr().isEmpty() && invocation.status() != software.amazon.awssdk.services.ssm.model
                    .CommandInvocationStatus.SUCCESS) {
                m.put("stderr", tail(invocation.stderr()));
            }
            try {
                out.println(Json.mapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write the result as JSON", e);
            }
        } else {
            out.printf("command %s on %s: %s%s%n", invocation.commandId(), invocation.instanceId(),
                    invocation.statusName(), invocation.statusDetails().isEmpty()
                            || invocation.statusDetails().equals(invocation.statusName())
                            ? "" : " (" + invocation.statusDetails() + ")");
            run.experimentId().ifPresent(id -> out.printf("experiment %s: %s%n", id,
                    run.experimentStatus().orElse("status unknown")));
            run.record().ifPresent(r -> describe(r, out));
            if (run.truncated()) {
                out.printf("the record was cut by SSM (it keeps %,d characters); see it whole with: codec-lab"
                        + " experiments show %s%n", Invocation.OUTPUT_LIMIT, run.experimentId().orElse("ID"));
            }
        }
        String advice = advice(invocation);
        if (!advice.isEmpty()) {
            err.println("codec-lab trigger: " + advice);
        }
        if (invocation.status() == software.amazon.awssdk.services.ssm.model.CommandInvocationStatus.FAILED
                && !invocation.stderr().isEmpty() && !json) {
            err.println("codec-lab trigger: the command's stderr ends with:");
            err.println(tail(invocation.stderr()));
        }
    }

    private String advice(Invocation invocation) {
        String id = invocation.commandId();
        return switch (invocation.status()) {
            case PENDING, IN_PROGRESS, DELAYED, CANCELLING -> waitForIt
                    ? "still " + invocation.statusName() + " after --wait-limit; follow it with: aws ssm"
                    + " get-command-invocation --command-id " + id + " --instance-id " + invocation.instanceId()
                    : "";
            case FAILED -> "the command failed on " + invocation.instanceId() + " (exit " + invocation.responseCode()
                    + ", " + invocation.statusDetails() + "); its log: scripts/tail-logs " + invocation.instanceId();
            case CANCELLED -> "the command was cancelled (" + invocation.statusDetails() + ") before it finished";
            case TIMED_OUT -> "the command timed out (" + invocation.statusDetails() + "): either the agent did not"
                    + " pick it up in time (is the instance running and its SSM agent online?) or the experiment ran"
                    + " longer than --timeout";
            default -> "";
        };
    }

    private static void describe(JsonNode record, PrintWriter out) {
        for (String field : List.of("summary", "championVersion", "adoptedVersion", "bdRateVsChampionPercent",
                "bdRateVsX264Percent", "codeSha256", "createdAt", "updatedAt")) {
            JsonNode v = record.get(field);
            if (v != null && !v.isNull()) {
                out.printf(Locale.ROOT, "  %-24s %s%n", field, v.isTextual() ? v.asText() : v.toString());
            }
        }
        JsonNode failure = record.get("failure");
        if (failure != null && failure.isObject()) {
            out.printf("  %-24s [%s] %s: %s%n", "failure", failure.path("stage").asText(), failure.path("kind").asText(),
                    failure.path("message").asText());
        }
    }

    private static String tail(String text) {
        var lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - STDERR_TAIL_LINES), lines.size()));
    }
}
