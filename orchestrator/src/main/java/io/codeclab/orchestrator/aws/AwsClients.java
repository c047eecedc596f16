package io.codeclab.orchestrator.aws;

import io.codeclab.orchestrator.config.CodecLabConfig;
import io.codeclab.orchestrator.config.ConfigException;
import io.codeclab.orchestrator.config.Endpoint;
import io.codeclab.orchestrator.embedded.EmbeddedServices;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The one place that builds AWS clients (DynamoDB, S3, SSM and whatever comes next). Each service has a
 * target: AWS itself, an explicit endpoint (LocalStack, a local engine), or the embedded services, which
 * bring their own endpoints, credentials and a retry strategy that rides through an owner handover. All
 * clients share the region, the JDK HTTP client and per-service timeouts; every client built is the
 * caller's to close.
 */
public final class AwsClients {

    /** DynamoDB attempts per call, the first included. */
    public static final int DYNAMODB_MAX_ATTEMPTS = 6;
    /** DynamoDB back-off base for 5xx and I/O errors; doubles per retry, half-jittered. */
    public static final Duration DYNAMODB_BASE_DELAY = Duration.ofMillis(50);
    /** DynamoDB back-off base after throttling: longer, to shed load. */
    public static final Duration DYNAMODB_THROTTLING_BASE_DELAY = Duration.ofMillis(250);
    public static final Duration DYNAMODB_MAX_BACKOFF = Duration.ofSeconds(10);

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration DYNAMODB_SOCKET_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration S3_SOCKET_TIMEOUT = Duration.ofSeconds(60);
    /** Short: a policy refresh runs in front of a check, and a slow SSM only keeps the last good policy. */
    private static final Duration SSM_SOCKET_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Where one service is and how to talk to it. {@code endpoint} yields null for AWS's own endpoint;
     * {@code unavailable} is set when the configuration names a target this process cannot reach.
     */
    private record Target(Supplier<URI> endpoint, AwsCredentialsProvider credentials, RetryStrategy retry,
                          String unavailable) {
    }

    private final Supplier<Region> region;
    private final Target dynamoDb;
    private final Target s3;
    private final Target ssm;

    private AwsClients(Supplier<Region> region, Target dynamoDb, Target s3, Target ssm) {
        this.region = region;
        this.dynamoDb = dynamoDb;
        this.s3 = s3;
        this.ssm = ssm;
    }

    /** Clients as configured, with no embedded services running: an {@code embedded} endpoint cannot be built. */
    public static AwsClients fromConfig(CodecLabConfig config) {
        return new AwsClients(() -> region(config, null),
                target(config.dynamoDbEndpoint(), CodecLabConfig.DYNAMODB_ENDPOINT, dynamoDbRetryStrategy(), null),
                target(config.s3Endpoint(), CodecLabConfig.S3_ENDPOINT, standardRetryStrategy(), null),
                target(config.ssmEndpoint(), CodecLabConfig.SSM_ENDPOINT, standardRetryStrategy(), null));
    }

    /** Clients as configured, {@code embedded} endpoints served by {@code services}. */
    public static AwsClients fromConfig(CodecLabConfig config, EmbeddedServices services) {
        Objects.requireNonNull(services, "services");
        return new AwsClients(() -> region(config, services),
                target(config.dynamoDbEndpoint(), CodecLabConfig.DYNAMODB_ENDPOINT, dynamoDbRetryStrategy(), services),
                target(config.s3Endpoint(), CodecLabConfig.S3_ENDPOINT, standardRetryStrategy(), services),
                target(config.ssmEndpoint(), CodecLabConfig.SSM_ENDPOINT, standardRetryStrategy(), null));
    }

    /** Every service at one endpoint (LocalStack, a proxy in a test), with the retry strategies used on AWS. */
    public static AwsClients at(URI endpoint, Region region, AwsCredentialsProvider credentials) {
        return at(endpoint, endpoint, region, credentials);
    }

    /** DynamoDB and S3 at their own endpoints (local engines); SSM at the DynamoDB one. */
    public static AwsClients at(URI dynamoDbEndpoint, URI s3Endpoint, Region region,
                                AwsCredentialsProvider credentials) {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(credentials, "credentials");
        return new AwsClients(() -> region,
                new Target(() -> dynamoDbEndpoint, credentials, dynamoDbRetryStrategy(), null),
                new Target(() -> s3Endpoint, credentials, standardRetryStrategy(), null),
                new Target(() -> dynamoDbEndpoint, credentials, standardRetryStrategy(), null));
    }

    /** A DynamoDB client; interceptors (tests, metrics) are added to the shared configuration. */
    public DynamoDbClient dynamoDb(ExecutionInterceptor... interceptors) {
        return configure(DynamoDbClient.builder(), dynamoDb, "DynamoDB", DYNAMODB_SOCKET_TIMEOUT, interceptors).build();
    }

    /** An S3 client; with an endpoint, path-style ({@code http://host:port/bucket/key}): local servers have no bucket hosts. */
    public S3Client s3(ExecutionInterceptor... interceptors) {
        var builder = configure(S3Client.builder(), s3, "S3", S3_SOCKET_TIMEOUT, interceptors);
        return builder.forcePathStyle(s3.endpoint().get() != null).build();
    }

    public SsmClient ssm(ExecutionInterceptor... interceptors) {
        return configure(SsmClient.builder(), ssm, "SSM", SSM_SOCKET_TIMEOUT, interceptors).build();
    }

    /**
     * A Bedrock Runtime client for the LLM proposer: AWS's endpoint (or {@code endpoint}, when not null), the
     * default credential chain, and no SDK retries: resilience4j around each call is the one retry policy.
     * {@code timeLimit} bounds a whole call.
     */
    public BedrockRuntimeClient bedrockRuntime(Duration timeLimit, URI endpoint) {
        var builder = BedrockRuntimeClient.builder()
                .region(region.get())
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(timeLimit))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(timeLimit)
                        .build());
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    /** The region clients are built for. */
    public Region region() {
        return region.get();
    }

    /** The standard AWS retry strategy with DynamoDB's attempt count and back-off. */
    public static RetryStrategy dynamoDbRetryStrategy() {
        return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(DYNAMODB_MAX_ATTEMPTS)
                .backoffStrategy(BackoffStrategy.exponentialDelayHalfJitter(DYNAMODB_BASE_DELAY, DYNAMODB_MAX_BACKOFF))
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelayHalfJitter(DYNAMODB_THROTTLING_BASE_DELAY,
                        DYNAMODB_MAX_BACKOFF))
                .build();
    }

    private static RetryStrategy standardRetryStrategy() {
        return AwsRetryStrategy.standardRetryStrategy();
    }

    private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(
            B builder, Target target, String service, Duration socketTimeout, ExecutionInterceptor... interceptors) {
        if (target.unavailable() != null) {
            throw new ConfigException(service + " cannot be reached: " + target.unavailable());
        }
        var overrides = ClientOverrideConfiguration.builder().retryStrategy(target.retry());
        List.of(interceptors).forEach(overrides::addExecutionInterceptor);
        builder.region(region.get())
                .credentialsProvider(target.credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(socketTimeout))
                .overrideConfiguration(overrides.build());
        URI endpoint = target.endpoint().get();
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder;
    }

    /** Embedded engines take their owner's credentials and retries; everything else the SDK's default chain. */
    private static Target target(Endpoint endpoint, String setting, RetryStrategy retry, EmbeddedServices services) {
        if (endpoint instanceof Endpoint.Embedded) {
            if (services == null) {
                return new Target(() -> null, null, null, setting + "=embedded, but the embedded services are not"
                        + " running in this process: set " + setting + " to aws or a URL");
            }
            boolean dynamoDb = setting.equals(CodecLabConfig.DYNAMODB_ENDPOINT);
            Supplier<URI> uri = dynamoDb ? services::dynamoDbEndpoint : services::s3Endpoint;
            return new Target(uri, services.credentials(), services.retryStrategy(), null);
        }
        URI uri = endpoint instanceof Endpoint.Url url ? url.uri() : null;
        return new Target(() -> uri, DefaultCredentialsProvider.builder().build(), retry, null);
    }

    private static Region region(CodecLabConfig config, EmbeddedServices services) {
        if (config.region().isPresent()) {
            return Region.of(config.region().get());
        }
        if (services != null) {
            return services.region();
        }
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (SdkClientException e) {
            throw new ConfigException("no AWS region is known: set " + CodecLabConfig.REGION + " (or AWS_REGION)", e);
        }
    }
}
