package io.codeclab.orchestrator.config;

/** The configuration is unusable; the message names the setting, its source and what is allowed. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
