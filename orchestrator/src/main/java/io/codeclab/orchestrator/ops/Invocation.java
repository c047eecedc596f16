package io.codeclab.orchestrator.ops;

import software.amazon.awssdk.services.ssm.model.CommandInvocationStatus;

/**
 * One look at a command on one instance (GetCommandInvocation). {@code stdout} and {@code stderr} are what SSM
 * keeps of the command's output: at most {@value #OUTPUT_LIMIT} characters each.
 */
public record Invocation(String commandId, String instanceId, CommandInvocationStatus status, String statusDetails,
                         int responseCode, String stdout, String stderr) {

    /** SSM's cap on StandardOutputContent and StandardErrorContent. */
    public static final int OUTPUT_LIMIT = 24_000;

    /** Pending, InProgress, Delayed or Cancelling: SSM has not settled it yet. */
    public boolean running() {
        return switch (status) {
            case PENDING, IN_PROGRESS, DELAYED, CANCELLING -> true;
            default -> false;
        };
    }

    /** The status as SSM spells it ({@code InProgress}, {@code TimedOut}). */
    public String statusName() {
        return status.toString();
    }
}
