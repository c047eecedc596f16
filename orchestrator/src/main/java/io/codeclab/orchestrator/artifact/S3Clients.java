package io.codeclab.orchestrator.artifact;

import io.codeclab.orchestrator.aws.AwsClients;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * S3 clients for AWS or an S3-compatible endpoint. With an endpoint, path-style access is used
 * ({@code http://host:port/bucket/key}): local servers have no per-bucket host names.
 */
public final class S3Clients {

    private S3Clients() {
    }

    public static S3Client create(Optional<URI> endpoint, Region region) {
        return builder(endpoint, region, DefaultCredentialsProvider.builder().build()).build();
    }

    public static S3Client create(Optional<URI> endpoint, Region region, AwsCredentialsProvider credentials) {
        return builder(endpoint, region, credentials).build();
    }

    /** The configured builder; {@code overrideConfiguration(..)} on it replaces the retry strategy: start from {@link #overrideConfiguration()}. */
    public static S3ClientBuilder builder(Optional<URI> endpoint, Region region, AwsCredentialsProvider credentials) {
        var builder = AwsClients.configure(S3Client.builder(), endpoint, region, credentials, Duration.ofSeconds(60),
                overrideConfiguration().build());
        // Local servers have no per-bucket host names.
        builder.forcePathStyle(endpoint.isPresent());
        return builder;
    }

    /** The override configuration every client of this class has (the standard retry strategy); add to it, then build. */
    public static ClientOverrideConfiguration.Builder overrideConfiguration() {
        return ClientOverrideConfiguration.builder().retryStrategy(AwsRetryStrategy.standardRetryStrategy());
    }
}
