package io.codeclab.orchestrator.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.CommandInvocationStatus;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;
import software.amazon.awssdk.services.ssm.model.InvalidDocumentException;
import software.amazon.awssdk.services.ssm.model.InvalidInstanceIdException;
import software.amazon.awssdk.services.ssm.model.InvocationDoesNotExistException;
import software.amazon.awssdk.services.ssm.model.SsmException;

/**
 * Runs one experiment on a worker through SSM Run Command: SendCommand with the run-experiment document
 * (infra/cloudformation/codec-lab.yaml), then GetCommandInvocation until SSM settles it. Right after
 * SendCommand the invocation may not exist yet (InvocationDoesNotExist): that is retried for a short while.
 */
public final class ExperimentTrigger {

    /** The document's parameter: seconds before the run is stopped and reported TimedOut. */
    public static final String EXECUTION_TIMEOUT_PARAMETER = "executionTimeout";
    /** How long an invocation may be missing right after SendCommand before that is an error. */
    public static final Duration INVOCATION_APPEARS_WITHIN = Duration.ofSeconds(30);
    /** Time SSM gets to deliver the command to the agent (SendCommand's TimeoutSeconds; SSM's minimum is 30). */
    public static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(10);

    /** Waits between polls; tests pass one that does not sleep. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final SsmClient ssm;
    private final Clock clock;
    private final Sleeper sleeper;

    public ExperimentTrigger(SsmClient ssm, Clock clock, Sleeper sleeper) {
        this.ssm = Objects.requireNonNull(ssm, "ssm");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /** Sends the document to the instance; returns the command id. */
    public String send(String document, String instanceId, Duration executionTimeout) {
        try {
            var response = ssm.sendCommand(r -> r.documentName(document)
                    .instanceIds(instanceId)
                    .parameters(Map.of(EXECUTION_TIMEOUT_PARAMETER, List.of(Long.toString(executionTimeout.toSeconds()))))
                    .timeoutSeconds((int) DELIVERY_TIMEOUT.toSeconds())
                    .comment("codec-lab trigger: run one experiment"));
            return response.command().commandId();
        } catch (InvalidInstanceIdException e) {
            throw new TriggerException("SSM cannot run commands on " + instanceId + ": " + e.awsErrorDetails().errorMessage()
                    + "; check the instance id and region, that the instance is running and that its SSM agent is"
                    + " online (aws ssm describe-instance-information)", e);
        } catch (InvalidDocumentException e) {
            throw new TriggerException("SSM has no document " + document + ": deploy the stack or set"
                    + " CODEC_LAB_SSM_DOCUMENT to its RunExperimentDocumentName output", e);
        } catch (SsmException e) {
            throw new TriggerException("SSM refused SendCommand of " + document + " to " + instanceId + ": "
                    + e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage()
                    + "; check the credentials and the ssm:SendCommand permission", e);
        } catch (SdkException e) {
            throw unreachable("SendCommand", e);
        }
    }

    /**
     * The invocation now. A missing one (InvocationDoesNotExist, usual just after SendCommand) is asked for
     * again until {@link #INVOCATION_APPEARS_WITHIN} has passed.
     */
    public Invocation look(String commandId, String instanceId, Duration pollInterval) throws InterruptedException {
        Instant giveUp = clock.instant().plus(INVOCATION_APPEARS_WITHIN);
        while (true) {
            try {
                return invocation(ssm.getCommandInvocation(r -> r.commandId(commandId).instanceId(instanceId)));
            } catch (InvocationDoesNotExistException e) {
                if (!clock.instant().isBefore(giveUp)) {
                    throw new TriggerException("SSM has no invocation of command " + commandId + " on " + instanceId
                            + " " + INVOCATION_APPEARS_WITHIN.toSeconds() + " s after sending it; see aws ssm"
                            + " list-command-invocations --command-id " + commandId, e);
                }
                sleeper.sleep(pollInterval);
            } catch (SsmException e) {
                throw new TriggerException("SSM refused GetCommandInvocation of " + commandId + ": "
                        + e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage()
                        + "; check the ssm:GetCommandInvocation permission", e);
            } catch (SdkException e) {
                throw unreachable("GetCommandInvocation", e);
            }
        }
    }

    /**
     * Polls until SSM settles the invocation (Success, Failed, Cancelled, TimedOut) or {@code waitLimit}
     * passes; then returns the last look, which {@link Invocation#running()} tells apart.
     */
    public Invocation await(String commandId, String instanceId, Duration waitLimit, Duration pollInterval)
            throws InterruptedException {
        Instant deadline = clock.instant().plus(waitLimit);
        while (true) {
            Invocation now = look(commandId, instanceId, pollInterval);
            if (!now.running() || !clock.instant().isBefore(deadline)) {
                return now;
            }
            sleeper.sleep(pollInterval);
        }
    }

    private static Invocation invocation(GetCommandInvocationResponse r) {
        CommandInvocationStatus status = r.status() == null ? CommandInvocationStatus.UNKNOWN_TO_SDK_VERSION : r.status();
        return new Invocation(r.commandId(), r.instanceId(), status, nonNull(r.statusDetails()),
                r.responseCode() == null ? -1 : r.responseCode(), nonNull(r.standardOutputContent()),
                nonNull(r.standardErrorContent()));
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    private static TriggerException unreachable(String operation, SdkException e) {
        return new TriggerException("cannot reach SSM for " + operation + ": " + e.getMessage()
                + "; check the network, CODEC_LAB_SSM_ENDPOINT, CODEC_LAB_REGION and the AWS credentials", e);
    }
}
