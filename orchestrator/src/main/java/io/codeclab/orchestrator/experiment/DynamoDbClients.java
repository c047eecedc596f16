package io.codeclab.orchestrator.experiment;

import io.codeclab.orchestrator.aws.AwsClients;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * DynamoDB clients configured the same way for AWS and for local endpoints: the SDK's standard retry
 * strategy (throttling, 5xx, transient I/O) with exponential back-off, and the URL-connection HTTP client.
 */
public final class DynamoDbClients {

    /** Attempts per call, the first included. */
    public static final int MAX_ATTEMPTS = 6;
    /** Back-off base for 5xx and I/O errors; doubles per retry, half-jittered. */
    public static final Duration BASE_DELAY = Duration.ofMillis(50);
    /** Back-off base after throttling (ThrottlingException, ProvisionedThroughputExceeded...): longer, to shed load. */
    public static final Duration THROTTLING_BASE_DELAY = Duration.ofMillis(250);
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private DynamoDbClients() {
    }

    /** A client on AWS (no endpoint) or on {@code endpoint}, with credentials from the SDK's default chain. */
    public static DynamoDbClient create(Optional<URI> endpoint, Region region) {
        return builder(endpoint, region, DefaultCredentialsProvider.builder().build()).build();
    }

    public static DynamoDbClient create(Optional<URI> endpoint, Region region, AwsCredentialsProvider credentials) {
        return builder(endpoint, region, credentials).build();
    }

    /**
     * The configured builder, for callers that add interceptors or metrics before building. Note that the
     * SDK's {@code overrideConfiguration(..)} replaces the whole override configuration, retry strategy
     * included: start from {@link #overrideConfiguration()} when changing it.
     */
    public static DynamoDbClientBuilder builder(Optional<URI> endpoint, Region region, AwsCredentialsProvider credentials) {
        var builder = AwsClients.configure(DynamoDbClient.builder(), endpoint, region, credentials,
                Duration.ofSeconds(30), overrideConfiguration().build());
        return builder;
    }

    /** The override configuration every client of this class has (its retry strategy); add to it, then build. */
    public static ClientOverrideConfiguration.Builder overrideConfiguration() {
        return ClientOverrideConfiguration.builder().retryStrategy(retryStrategy());
    }

    /** The standard AWS retry strategy with our attempt count and back-off. */
    public static RetryStrategy retryStrategy() {
        return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(MAX_ATTEMPTS)
                .backoffStrategy(BackoffStrategy.exponentialDelayHalfJitter(BASE_DELAY, MAX_BACKOFF))
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelayHalfJitter(THROTTLING_BASE_DELAY, MAX_BACKOFF))
                .build();
    }
}
