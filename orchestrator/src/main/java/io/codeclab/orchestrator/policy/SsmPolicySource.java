package io.codeclab.orchestrator.policy;

import io.codeclab.eval.policy.Policy;
import io.codeclab.eval.policy.PolicyException;
import io.codeclab.eval.policy.PolicySource;
import io.codeclab.eval.policy.ReloadingPolicySource;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * The policy held in an SSM Parameter Store parameter ({@code String} or {@code SecureString}), fetched again at
 * most once per refresh interval. Change detection, the last-good fallback and its logging are
 * {@link ReloadingPolicySource}'s; this class only reads the parameter and turns SDK failures into messages
 * that name the parameter and the region.
 *
 * <p>Owns its {@link SsmClient}: closes it on {@link #close()} and when opening fails.
 */
public final class SsmPolicySource implements PolicySource, AutoCloseable {

    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(60);

    private final SsmClient client;
    private final String parameter;
    private final ReloadingPolicySource reloading;

    private SsmPolicySource(SsmClient client, String parameter, ReloadingPolicySource reloading) {
        this.client = client;
        this.parameter = parameter;
        this.reloading = reloading;
    }

    /**
     * Fetches the parameter now, then at most once per {@code refresh}.
     *
     * @throws SsmParameterNotFoundException when the parameter does not exist
     * @throws PolicySourceException         when SSM cannot be read (network, credentials, permissions)
     * @throws PolicyException               when the parameter holds no valid policy
     */
    public static SsmPolicySource open(SsmClient client, String parameter, Duration refresh, Clock clock) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(parameter, "parameter");
        try {
            var reloading = ReloadingPolicySource.of(sourceName(parameter), () -> fetch(client, parameter), refresh,
                    clock);
            return new SsmPolicySource(client, parameter, reloading);
        } catch (PolicyException e) {
            client.close();
            // ReloadingPolicySource wraps fetch failures; ours already say what to do, so they go out unwrapped.
            if (e.getCause() instanceof SsmParameterNotFoundException notFound) {
                throw notFound;
            }
            if (e.getCause() instanceof PolicySourceException unreadable) {
                throw unreadable;
            }
            throw e;
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** How policies from {@code parameter} name their source in logs and verdicts: {@code ssm:/codec-lab/policy}. */
    public static String sourceName(String parameter) {
        return "ssm:" + parameter;
    }

    public String parameter() {
        return parameter;
    }

    @Override
    public Policy current() {
        return reloading.current();
    }

    @Override
    public void close() {
        client.close();
    }

    private static byte[] fetch(SsmClient client, String parameter) {
        try {
            var response = client.getParameter(r -> r.name(parameter).withDecryption(true));
            return response.parameter().value().getBytes(StandardCharsets.UTF_8);
        } catch (ParameterNotFoundException e) {
            throw SsmParameterNotFoundException.create(parameter, region(client), e);
        } catch (SdkException e) {
            throw new PolicySourceException("cannot read SSM parameter " + parameter + " in region " + region(client)
                    + ": " + e.getMessage() + "; check the network, the credentials and the ssm:GetParameter"
                    + " (and, for a SecureString, kms:Decrypt) permission", e);
        }
    }

    private static String region(SsmClient client) {
        return client.serviceClientConfiguration().region().id();
    }
}
