package io.codeclab.orchestrator.policy;

import io.codeclab.orchestrator.config.CodecLabConfig;
import io.codeclab.orchestrator.config.ConfigException;

/**
 * The configured SSM parameter does not exist. A configuration error (the CLI exits with the usage code), and
 * the message says how to create the parameter or stop using it.
 */
public class SsmParameterNotFoundException extends ConfigException {

    private final String parameter;
    private final String region;

    private SsmParameterNotFoundException(String parameter, String region, String message, Throwable cause) {
        super(message, cause);
        this.parameter = parameter;
        this.region = region;
    }

    static SsmParameterNotFoundException create(String parameter, String region, Throwable cause) {
        return new SsmParameterNotFoundException(parameter, region, "SSM parameter " + parameter
                + " not found in region " + region + ": create it with aws ssm put-parameter --region " + region
                + " --name " + parameter + " --type String --tier Advanced --value file://policy.json (a policy"
                + " document of at most 8 KB; the fields are described in codec-eval's default-policy.json), or unset "
                + CodecLabConfig.POLICY_SSM_PARAMETER + " to use " + CodecLabConfig.POLICY_FILE
                + " or the bundled policy", cause);
    }

    public String parameter() {
        return parameter;
    }

    public String region() {
        return region;
    }
}
