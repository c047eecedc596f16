package io.codeclab.orchestrator.policy;

import io.codeclab.orchestrator.aws.AwsClients;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.SsmClientBuilder;

/**
 * SSM clients for AWS or an explicit endpoint, configured like the DynamoDB and S3 clients: the URL-connection
 * HTTP client and the SDK's standard retry strategy. The socket timeout is short because a policy refresh
 * runs in front of a check; a slow SSM only delays that one check, then the last good policy stays in force.
 */
public final class SsmClients {

    private SsmClients() {
    }

    public static SsmClient create(Optional<URI> endpoint, Region region, AwsCredentialsProvider credentials) {
        return builder(endpoint, region, credentials).build();
    }

    public static SsmClientBuilder builder(Optional<URI> endpoint, Region region, AwsCredentialsProvider credentials) {
        var builder = AwsClients.configure(SsmClient.builder(), endpoint, region, credentials, Duration.ofSeconds(10),
                ClientOverrideConfiguration.builder().retryStrategy(AwsRetryStrategy.standardRetryStrategy()).build());
        return builder;
    }
}
