package io.codeclab.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;

import java.time.Duration;
import java.util.Optional;

/**
 * The one place that finds the Docker engine, connects to it and probes whether it can run our containers
 * (the engine answers, the runner image exists). Used to create the backend, to choose it under
 * {@code AUTO}, and by tests to tell "not here" from "broken".
 */
final class DockerEngine {

    static final String DEFAULT_DOCKER_HOST = "unix:///var/run/docker.sock";

    private DockerEngine() {
    }

    /** {@code DOCKER_HOST}, else the local socket. */
    static String host() {
        String env = System.getenv("DOCKER_HOST");
        return env == null || env.isBlank() ? DEFAULT_DOCKER_HOST : env;
    }

    static DockerClient connect(String dockerHost) {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(dockerHost).build();
        var http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(64)
                .connectionTimeout(Duration.ofSeconds(5))
                .build();
        return DockerClientImpl.getInstance(config, http);
    }

    /** Why the engine behind {@code client} cannot run {@code image}, or empty when it can. Creates nothing. */
    static Optional<DockerUnavailableException> probe(DockerClient client, String image) {
        try {
            client.pingCmd().exec();
        } catch (RuntimeException e) {
            return Optional.of(new DockerUnavailableException("no Docker engine answers at " + host(),
                    "start one with scripts/start-docker-engine (" + e.getMessage() + ")",
                    " (" + e.getMessage() + ")", e));
        }
        try {
            client.inspectImageCmd(image).exec();
        } catch (NotFoundException e) {
            return Optional.of(new DockerUnavailableException("the runner image " + image + " does not exist",
                    "build it with scripts/build-runner-image", "", e));
        }
        return Optional.empty();
    }
}
