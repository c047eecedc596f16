package io.codeclab.orchestrator.resilience;

import io.codeclab.orchestrator.aws.AwsClients;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.codeclab.orchestrator.embedded.EmbeddedServices;
import io.codeclab.orchestrator.experiment.dynamodb.DynamoDbExperimentStore;
import io.codeclab.orchestrator.experiment.ExperimentStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Reads the store of a data directory from the test JVM while a codec-lab process owns the embedded
 * services, without ever starting or owning them itself (so a killed owner is not replaced by the test):
 * it talks to the endpoints the owner advertises in {@code embedded.json}, with the credentials written there.
 */
final class StoreProbe implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final EmbeddedServices.Descriptor descriptor;
    private final DynamoDbClient client;
    private final ExperimentStore store;

    private StoreProbe(EmbeddedServices.Descriptor descriptor) {
        this.descriptor = descriptor;
        this.client = AwsClients.at(descriptor.dynamoDbEndpoint(), EmbeddedServices.REGION,
                StaticCredentialsProvider.create(descriptor.credentials().toAws())).dynamoDb();
        this.store = DynamoDbExperimentStore.create(client, "codec-lab");
    }

    /** A probe on the services the current owner of {@code dataDir} advertises, if it advertises any. */
    static Optional<StoreProbe> of(Path dataDir) {
        Path file = dataDir.resolve("embedded").resolve(EmbeddedServices.DESCRIPTOR_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new StoreProbe(JSON.readValue(Files.readAllBytes(file), EmbeddedServices.Descriptor.class)));
        } catch (IOException e) {
            // Half-written by a new owner: the caller polls again.
            return Optional.empty();
        } catch (RuntimeException e) {
            throw new UncheckedIOException(new IOException("cannot read " + file, e));
        }
    }

    long ownerPid() {
        return descriptor.ownerPid();
    }

    ExperimentStore store() {
        return store;
    }

    @Override
    public void close() {
        client.close();
    }
}
