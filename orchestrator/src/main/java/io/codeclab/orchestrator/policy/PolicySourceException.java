package io.codeclab.orchestrator.policy;

/** The policy could not be fetched from where the configuration says it is (SSM unreachable, access denied). */
public class PolicySourceException extends RuntimeException {
    public PolicySourceException(String message) {
        super(message);
    }

    public PolicySourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
