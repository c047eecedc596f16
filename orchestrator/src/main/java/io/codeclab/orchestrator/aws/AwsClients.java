package io.codeclab.orchestrator.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/** What every AWS client of codec-lab shares: region, credentials, the JDK HTTP client, retries, an optional endpoint. */
public final class AwsClients {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private AwsClients() {
    }

    /**
     * Configures {@code builder}; with an endpoint (a local engine, LocalStack) requests go there instead of AWS.
     * The SDK's {@code overrideConfiguration(..)} replaces the whole override configuration, so callers pass
     * theirs (with its retry strategy) here rather than setting it afterwards.
     */
    public static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(
            B builder, Optional<URI> endpoint, Region region, AwsCredentialsProvider credentials,
            Duration socketTimeout, ClientOverrideConfiguration overrides) {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(credentials, "credentials");
        builder.region(region)
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(socketTimeout))
                .overrideConfiguration(overrides);
        endpoint.ifPresent(builder::endpointOverride);
        return builder;
    }
}
