package io.codeclab.orchestrator.policy;

import io.codeclab.eval.policy.PolicySource;
import io.codeclab.orchestrator.aws.AwsClients;
import io.codeclab.orchestrator.config.CodecLabConfig;
import io.codeclab.orchestrator.config.ConfigException;
import io.codeclab.orchestrator.config.Endpoint;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The policy in force according to the configuration, first match wins: the SSM parameter
 * ({@code CODEC_LAB_POLICY_SSM_PARAMETER}, fetched at most every {@code CODEC_LAB_POLICY_REFRESH}; it may hold an
 * {@code s3://bucket/key} location of a policy too large for a parameter, read with the configured S3), the file
 * ({@code CODEC_LAB_POLICY_FILE}, re-read before every check), the policy shipped with the product. Always
 * wrapped in a {@link LoggingPolicySource}; close it to release the SSM client.
 */
public final class PolicySources {

    private static final Logger LOG = LoggerFactory.getLogger(PolicySources.class);

    private PolicySources() {
    }

    public static LoggingPolicySource fromConfig(CodecLabConfig config) {
        return fromConfig(config, Clock.systemUTC());
    }

    public static LoggingPolicySource fromConfig(CodecLabConfig config, Clock clock) {
        var parameter = config.policySsmParameter();
        if (parameter.isPresent()) {
            config.policyFile().ifPresent(file -> LOG.warn("{} is set, so {}={} is not used",
                    CodecLabConfig.POLICY_SSM_PARAMETER, CodecLabConfig.POLICY_FILE, file));
            return LoggingPolicySource.of(ssm(config, parameter.get(), clock));
        }
        PolicySource source = config.policyFile().map(PolicySource::watching).orElseGet(PolicySource::bundled);
        return LoggingPolicySource.of(source);
    }

    private static SsmPolicySource ssm(CodecLabConfig config, String parameter, Clock clock) {
        if (config.ssmEndpoint() instanceof Endpoint.Embedded) {
            // CodecLabConfig rejects this combination already; kept so no path ever builds a client for it.
            throw new ConfigException(CodecLabConfig.POLICY_SSM_PARAMETER + " needs " + CodecLabConfig.SSM_ENDPOINT
                    + "=aws or a URL");
        }
        SsmClient client;
        try {
            client = AwsClients.fromConfig(config).ssm();
        } catch (ConfigException e) {
            throw new ConfigException(CodecLabConfig.POLICY_SSM_PARAMETER + " is set but " + e.getMessage(), e);
        }
        return SsmPolicySource.open(client, new S3PolicyObjects(config), parameter, config.policyRefresh(), clock);
    }

    /** Policies too large for a parameter, in S3; the client is built on the first pointer and closed with the source. */
    static final class S3PolicyObjects implements SsmPolicySource.PolicyObjects {

        private final CodecLabConfig config;
        private S3Client client;

        S3PolicyObjects(CodecLabConfig config) {
            this.config = config;
        }

        @Override
        public synchronized byte[] read(String bucket, String key) {
            if (client == null) {
                client = AwsClients.fromConfig(config).s3();
            }
            try {
                return client.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
            } catch (NoSuchKeyException e) {
                throw new PolicySourceException("s3://" + bucket + "/" + key + " does not exist: upload the policy"
                        + " there or point " + CodecLabConfig.POLICY_SSM_PARAMETER + "'s parameter elsewhere", e);
            }
        }

        @Override
        public synchronized void close() {
            if (client != null) {
                client.close();
            }
        }
    }
}
