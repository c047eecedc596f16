package io.codeclab.orchestrator.config;

import java.net.URI;
import java.util.Optional;

/**
 * Where a service is: {@code embedded} (the in-process default), {@code aws} (the SDK's own endpoint for
 * the region, e.g. on EC2) or an explicit URL (LocalStack, DynamoDB Local, an S3-compatible server).
 */
public sealed interface Endpoint {

    record Embedded() implements Endpoint {
    }

    record Aws() implements Endpoint {
    }

    record Url(URI uri) implements Endpoint {
    }

    static Endpoint parse(String name, String value) {
        if (value == null || value.isBlank() || value.equalsIgnoreCase("embedded")) {
            return new Embedded();
        }
        if (value.equalsIgnoreCase("aws")) {
            return new Aws();
        }
        try {
            URI uri = URI.create(value.trim());
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return new Url(uri);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name + "='" + value + "' is not 'embedded', 'aws' or an http(s) URL", e);
        }
    }

    /** The URL to give the SDK client, if any. */
    default Optional<URI> override() {
        return this instanceof Url u ? Optional.of(u.uri()) : Optional.empty();
    }
}
