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
 * <p>A policy larger than a parameter can hold (4 KB, 8 KB for an advanced parameter) lives in S3: the parameter
 * then holds only its location, {@code s3://bucket/key}, and the object is read (again at every refresh) through
 * the {@link PolicyObjects} given.
 *
 * <p>Owns its {@link SsmClient} and its {@link PolicyObjects}: closes them on {@link #close()} and when opening fails.
 */
public final class SsmPolicySource implements PolicySource, AutoCloseable {

    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(60);

    /** Reads the object a parameter points to ({@code s3://bucket/key}). */
    public interface PolicyObjects extends AutoCloseable {
        byte[] read(String bucket, String key);

        @Override
        void close();

        /** For sources with no S3 at hand: a pointer is an error saying so. */
        static PolicyObjects none() {
            return new PolicyObjects() {
                @Override
                public byte[] read(String bucket, String key) {
                    throw new PolicySourceException("the policy parameter points to s3://" + bucket + "/" + key
                            + ", and this process has no S3 client for policies");
                }

                @Override
                public void close() {
                }
            };
        }
    }

    private static final String S3_SCHEME = "s3://";

    private final SsmClient client;
    private final PolicyObjects objects;
    private final String parameter;
    private final ReloadingPolicySource reloading;

    private SsmPolicySource(SsmClient client, PolicyObjects objects, String parameter, ReloadingPolicySource reloading) {
        this.client = client;
        this.objects = objects;
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
        return open(client, PolicyObjects.none(), parameter, refresh, clock);
    }

    /** As {@link #open(SsmClient, String, Duration, Clock)}, reading {@code s3://} pointers through {@code objects}. */
    public static SsmPolicySource open(SsmClient client, PolicyObjects objects, String parameter, Duration refresh,
                                       Clock clock) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(objects, "objects");
        Objects.requireNonNull(parameter, "parameter");
        try {
            var reloading = ReloadingPolicySource.of(sourceName(parameter), () -> fetch(client, objects, parameter),
                    refresh, clock);
            return new SsmPolicySource(client, objects, parameter, reloading);
        } catch (PolicyException e) {
            client.close();
            objects.close();
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
            objects.close();
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
        try {
            client.close();
        } finally {
            objects.close();
        }
    }

    private static byte[] fetch(SsmClient client, PolicyObjects objects, String parameter) {
        String value = fetchParameter(client, parameter);
        String trimmed = value.strip();
        if (!trimmed.startsWith(S3_SCHEME)) {
            return value.getBytes(StandardCharsets.UTF_8);
        }
        String location = trimmed.substring(S3_SCHEME.length());
        int slash = location.indexOf('/');
        if (slash < 1 || slash == location.length() - 1 || trimmed.chars().anyMatch(Character::isWhitespace)) {
            throw new PolicySourceException("SSM parameter " + parameter + " holds '" + trimmed + "', which is not an"
                    + " S3 location: write s3://bucket/key (the policy object), or the policy itself");
        }
        String bucket = location.substring(0, slash);
        String key = location.substring(slash + 1);
        try {
            return objects.read(bucket, key);
        } catch (PolicySourceException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PolicySourceException("SSM parameter " + parameter + " points to " + trimmed + ", which cannot"
                    + " be read: " + e.getMessage() + "; check that the object exists and the s3:GetObject"
                    + " permission", e);
        }
    }

    private static String fetchParameter(SsmClient client, String parameter) {
        try {
            var response = client.getParameter(r -> r.name(parameter).withDecryption(true));
            return response.parameter().value();
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
