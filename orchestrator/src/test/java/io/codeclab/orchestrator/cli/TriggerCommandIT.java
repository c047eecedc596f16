package io.codeclab.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codeclab.orchestrator.testing.SsmServer;
import io.codeclab.orchestrator.testing.SsmServer.Answer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code codec-lab trigger} against a local SSM ({@link SsmServer}, the real SsmClient): what is sent, and how
 * each status SSM can report (Pending, InProgress, Delayed, Success, Failed, Cancelled, TimedOut, and a
 * missing invocation right after sending) ends the command.
 */
class TriggerCommandIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INSTANCE = "i-0123456789abcdef0";
    private static final String RECORD = """
            {
              "id" : "20261201-231500-7f3a",
              "status" : "ADOPTED",
              "championVersion" : 3,
              "adoptedVersion" : 4,
              "summary" : "coarser quantiser for flat blocks",
              "bdRateVsChampionPercent" : -2.75
            }
            """;

    @TempDir
    Path dir;

    private SsmServer ssm;
    private Path config;

    private record Run(int exitCode, String out, String err) {
    }

    @BeforeAll
    static void credentials() {
        // The SDK's default chain reads these first; the local server does not check signatures.
        System.setProperty("aws.accessKeyId", "AKIDLOCALTEST");
        System.setProperty("aws.secretAccessKey", "local-test-secret");
    }

    @AfterAll
    static void forgetCredentials() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @BeforeEach
    void start() throws IOException {
        ssm = SsmServer.start();
        config = Files.writeString(dir.resolve("codec-lab.properties"), String.join("\n",
                "CODEC_LAB_SSM_ENDPOINT=" + ssm.endpoint(), "CODEC_LAB_REGION=eu-west-1", "CODEC_LAB_TABLE_PREFIX=lab",
                ""));
    }

    @AfterEach
    void stop() {
        ssm.close();
    }

    private Run trigger(String... args) {
        var argv = new ArrayList<>(List.of("--config", config.toString(), "trigger", "--instance-id", INSTANCE,
                "--poll-interval", "1ms"));
        argv.addAll(List.of(args));
        var cl = CodecLabCommand.commandLine();
        var out = new StringWriter();
        var err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(argv.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    private Answer status(String status, String details) {
        return ssm.invocation(INSTANCE, status, details, -1, "", "");
    }

    @Test
    void sendsTheStacksDocumentToTheInstanceWithTheTimeoutAndReportsPendingWithoutWaiting() {
        ssm.invocationAnswers(Answer.error("InvocationDoesNotExist", "not yet"), status("Pending", "Pending"));

        var run = trigger();

        assertThat(run.exitCode()).as(run.err()).isZero();
        var sent = ssm.requests("SendCommand");
        assertThat(sent).hasSize(1);
        JsonNode body = sent.get(0);
        assertThat(body.path("DocumentName").asText()).isEqualTo("lab-run-experiment");
        assertThat(body.path("InstanceIds").toString()).isEqualTo("[\"" + INSTANCE + "\"]");
        assertThat(body.path("Parameters").toString()).isEqualTo("{\"executionTimeout\":[\"1800\"]}");
        assertThat(body.path("TimeoutSeconds").asInt()).isEqualTo(600);
        // The missing invocation right after sending was asked for again.
        var looks = ssm.requests("GetCommandInvocation");
        assertThat(looks).hasSize(2).allSatisfy(l -> {
            assertThat(l.path("CommandId").asText()).isEqualTo(ssm.commandId());
            assertThat(l.path("InstanceId").asText()).isEqualTo(INSTANCE);
        });
        assertThat(run.out()).isEqualTo("sent lab-run-experiment to " + INSTANCE + ": command " + ssm.commandId() + "\n"
                + "command " + ssm.commandId() + " on " + INSTANCE + ": Pending\n");
    }

    @Test
    void waitsThroughPendingInProgressAndDelayedAndPrintsTheRecordAsJson() throws IOException {
        ssm.invocationAnswers(status("Pending", "Pending"), status("InProgress", "InProgress"),
                status("Delayed", "Delayed"), status("InProgress", "InProgress"),
                ssm.invocation(INSTANCE, "Success", "Success", 0, RECORD, "WARNING: Using incubator modules\n"));

        var run = trigger("--wait", "--json", "--timeout", "45m", "--document", "other-doc");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(ssm.requests("GetCommandInvocation")).hasSize(5);
        JsonNode sent = ssm.requests("SendCommand").get(0);
        assertThat(sent.path("DocumentName").asText()).isEqualTo("other-doc");
        assertThat(sent.path("Parameters").path("executionTimeout").get(0).asText()).isEqualTo("2700");
        JsonNode result = JSON.readTree(run.out());
        assertThat(result.path("commandId").asText()).isEqualTo(ssm.commandId());
        assertThat(result.path("instanceId").asText()).isEqualTo(INSTANCE);
        assertThat(result.path("document").asText()).isEqualTo("other-doc");
        assertThat(result.path("status").asText()).isEqualTo("Success");
        assertThat(result.path("responseCode").asInt()).isZero();
        assertThat(result.path("experimentId").asText()).isEqualTo("20261201-231500-7f3a");
        assertThat(result.path("experimentStatus").asText()).isEqualTo("ADOPTED");
        assertThat(result.path("record").path("adoptedVersion").asInt()).isEqualTo(4);
        assertThat(result.path("record").path("bdRateVsChampionPercent").asDouble()).isEqualTo(-2.75);
        assertThat(result.path("recordTruncated").asBoolean()).isFalse();
        assertThat(result.has("stderr")).isFalse();
    }

    @Test
    void successInTextNamesTheExperimentItsStatusAndRecord() {
        ssm.invocationAnswers(status("InProgress", "InProgress"),
                ssm.invocation(INSTANCE, "Success", "Success", 0, RECORD, ""));

        var run = trigger("--wait");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("command " + ssm.commandId() + " on " + INSTANCE + ": Success\n")
                .contains("experiment 20261201-231500-7f3a: ADOPTED\n")
                .containsPattern("adoptedVersion +4\n")
                .containsPattern("summary +coarser quantiser for flat blocks\n");
        assertThat(run.err()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "Failed,    Failed,             1,  10, the command failed on",
            "Failed,    Undeliverable,      -1, 10, Undeliverable",
            "Cancelled, Cancelled,          -1, 11, the command was cancelled",
            "TimedOut,  ExecutionTimedOut,  -1, 12, ran longer than --timeout",
            "TimedOut,  DeliveryTimedOut,   -1, 12, did not pick it up in time"})
    void eachWayACommandCanEndHasItsExitCodeAndMessage(String status, String details, int responseCode, int exitCode,
                                                       String message) {
        ssm.invocationAnswers(status("InProgress", "InProgress"),
                ssm.invocation(INSTANCE, status, details, responseCode, "", "java.lang.IllegalStateException: boom\n"));

        var run = trigger("--wait");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(exitCode);
        assertThat(run.out()).contains("command " + ssm.commandId() + " on " + INSTANCE + ": " + status
                + (details.equals(status) ? "\n" : " (" + details + ")\n"));
        assertThat(run.err()).contains(message);
        if (status.equals("Failed")) {
            assertThat(run.err()).contains("IllegalStateException: boom");
        }
    }

    @Test
    void failedInJsonCarriesTheStatusAndTheStderrTail() throws IOException {
        ssm.invocationAnswers(ssm.invocation(INSTANCE, "Failed", "Failed", 1, "", "line 1\nline 2\n"));

        var run = trigger("--wait", "--json");

        assertThat(run.exitCode()).isEqualTo(10);
        JsonNode result = JSON.readTree(run.out());
        assertThat(result.path("status").asText()).isEqualTo("Failed");
        assertThat(result.path("responseCode").asInt()).isEqualTo(1);
        assertThat(result.path("stderr").asText()).isEqualTo("line 1\nline 2");
        assertThat(result.has("experimentId")).isFalse();
    }

    @Test
    void stillRunningWhenTheWaitLimitRunsOut() {
        ssm.invocationAnswers(status("InProgress", "InProgress"));

        var run = trigger("--wait", "--wait-limit", "2s");

        assertThat(run.exitCode()).isEqualTo(13);
        assertThat(run.out()).contains(": InProgress\n");
        assertThat(run.err()).contains("still InProgress after --wait-limit")
                .contains("aws ssm get-command-invocation --command-id " + ssm.commandId());
        assertThat(ssm.requests("GetCommandInvocation").size()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aRecordCutBySsmStillGivesTheExperimentIdAndStatus() {
        String cut = RECORD.substring(0, RECORD.indexOf("\"summary\""));
        ssm.invocationAnswers(ssm.invocation(INSTANCE, "Success", "Success", 0, cut, ""));

        var run = trigger("--wait");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("experiment 20261201-231500-7f3a: ADOPTED\n")
                .contains("the record was cut by SSM").contains("codec-lab experiments show 20261201-231500-7f3a");
    }

    @Test
    void helpListsTheOptionsAndEveryExitCode() {
        var cl = CodecLabCommand.commandLine();
        var out = new StringWriter();
        cl.setOut(new PrintWriter(out));

        assertThat(cl.execute("trigger", "--help")).isZero();
        assertThat(out.toString()).contains("Usage:", "--instance-id", "--wait", "--json", "--timeout")
                .containsPattern("10 +Failed").containsPattern("11 +Cancelled").containsPattern("12 +TimedOut")
                .containsPattern("13 +still Pending").containsPattern("14 +SSM refused");
    }

    @Test
    void missingInstanceIdIsAUsageError() {
        var cl = CodecLabCommand.commandLine();
        cl.setErr(new PrintWriter(new StringWriter()));
        assertThat(cl.execute("trigger", "--wait")).isEqualTo(2);
        assertThat(ssm.requests()).isEmpty();
    }

    @Test
    void anUnknownInstanceIsRefusedWithWhatToCheck() {
        ssm.refuseNextSendCommand(Answer.error("InvalidInstanceId", "Instances not in a valid state for account"));

        var run = trigger("--wait");

        assertThat(run.exitCode()).isEqualTo(14);
        assertThat(run.err()).contains("SSM cannot run commands on " + INSTANCE)
                .contains("aws ssm describe-instance-information");
        assertThat(ssm.requests("GetCommandInvocation")).isEmpty();
    }

    @Test
    void anUnknownDocumentIsRefusedNamingTheSetting() {
        ssm.refuseNextSendCommand(Answer.error("InvalidDocument", "Document not found"));

        var run = trigger();

        assertThat(run.exitCode()).isEqualTo(14);
        assertThat(run.err()).contains("SSM has no document lab-run-experiment").contains("CODEC_LAB_SSM_DOCUMENT");
    }
}
