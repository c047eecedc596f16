package io.codeclab.orchestrator.daemon;

import io.codeclab.orchestrator.config.CodecLabConfig;
import io.codeclab.orchestrator.config.ConfigException;
import io.codeclab.orchestrator.config.SettingValues;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * The switch as configured: {@code CODEC_LAB_ENABLED} (file and environment, re-read every cycle) and, when
 * {@code CODEC_LAB_ENABLED_SSM_PARAMETER} names one, that SSM parameter too. Experiments start only when
 * both say on. A missing parameter reads off (an operator who names a parameter means it to decide); one
 * that cannot be read keeps the last value it had (off if it never had one), so a short SSM outage neither
 * starts nor stops a fleet.
 *
 * <p>Owns its SSM client.
 */
public final class ConfiguredSwitch implements OnOffSwitch, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredSwitch.class);

    private final Supplier<CodecLabConfig> config;
    private final String parameter;
    private final SsmClient ssm;
    private Boolean lastParameterValue;
    private boolean failing;

    /**
     * @param config    the configuration as it is now (re-read from the file and the environment every call)
     * @param parameter the SSM parameter, or null for none
     * @param ssm       its client (null without a parameter); closed with this switch
     */
    public ConfiguredSwitch(Supplier<CodecLabConfig> config, String parameter, SsmClient ssm) {
        this.config = Objects.requireNonNull(config, "config");
        if ((parameter == null) != (ssm == null)) {
            throw new IllegalArgumentException("an SSM parameter needs an SSM client and the reverse");
        }
        this.parameter = parameter;
        this.ssm = ssm;
    }

    @Override
    public synchronized Reading read() {
        CodecLabConfig now;
        try {
            now = config.get();
        } catch (ConfigException e) {
            return new Reading(false, "configuration unreadable: " + e.getMessage());
        }
        if (!now.enabled()) {
            return new Reading(false, CodecLabConfig.ENABLED + "=false");
        }
        if (parameter == null) {
            return new Reading(true, CodecLabConfig.ENABLED + "=true");
        }
        return readParameter();
    }

    private Reading readParameter() {
        String source = "SSM parameter " + parameter;
        try {
            String value = ssm.getParameter(r -> r.name(parameter).withDecryption(true)).parameter().value();
            boolean on = SettingValues.parseBoolean(source, value);
            lastParameterValue = on;
            failing = false;
            return new Reading(on, source + "=" + value.trim());
        } catch (ParameterNotFoundException e) {
            lastParameterValue = false;
            failing = false;
            return new Reading(false, source + " does not exist: create it with the value true to switch on");
        } catch (SdkException | ConfigException e) {
            if (!failing) {
                LOG.warn("cannot read the on/off switch {}: {}; keeping its last value ({})", source, e.getMessage(),
                        lastParameterValue == null ? "none yet: off" : lastParameterValue ? "on" : "off");
                failing = true;
            }
            boolean on = lastParameterValue != null && lastParameterValue;
            return new Reading(on, source + " unreadable (" + e.getMessage() + "), kept " + (on ? "on" : "off"));
        }
    }

    @Override
    public void close() {
        if (ssm != null) {
            ssm.close();
        }
    }
}
