package io.codeclab.orchestrator.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

import io.codeclab.orchestrator.aws.AwsClients;
import io.codeclab.orchestrator.embedded.EmbeddedCredentials;
import io.codeclab.orchestrator.embedded.EmbeddedDynamoDb;
import io.codeclab.orchestrator.embedded.EmbeddedS3;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Real DynamoDB and S3 engines for integration tests, started once per test JVM.
 *
 * <p>By default DynamoDB Local and s3proxy run in this JVM with their data in a temporary directory.
 * With {@code CODEC_LAB_TEST_AWS=localstack} (environment variable or system property) the same clients
 * point at a LocalStack container instead; the tests are skipped, with the reason, when no Docker engine
 * answers or the image ({@code CODEC_LAB_TEST_LOCALSTACK_IMAGE}, default {@value #DEFAULT_LOCALSTACK_IMAGE})
 * is not present locally (Testcontainers would otherwise hang trying to pull it).
 *
 * <p>Tests isolate themselves by name, not by engine: {@link #uniqueTablePrefix} and {@link #uniqueBucket}.
 */
public final class AwsFixture {

    public static final String MODE_VARIABLE = "CODEC_LAB_TEST_AWS";
    public static final String IMAGE_VARIABLE = "CODEC_LAB_TEST_LOCALSTACK_IMAGE";
    public static final String DEFAULT_LOCALSTACK_IMAGE = "localstack/localstack:4.4";

    private static AwsFixture instance;
    private static String skipReason;

    private final String mode;
    private final URI dynamoDbEndpoint;
    private final URI s3Endpoint;
    private final AwsCredentialsProvider credentials;
    private final Region region;
    private final DynamoDbClient dynamoDb;
    private final S3Client s3;

    private AwsFixture(String mode, URI dynamoDbEndpoint, URI s3Endpoint, AwsCredentialsProvider credentials,
                       Region region) {
        this.mode = mode;
        this.dynamoDbEndpoint = dynamoDbEndpoint;
        this.s3Endpoint = s3Endpoint;
        this.credentials = credentials;
        this.region = region;
        this.dynamoDb = clients().dynamoDb();
        this.s3 = clients().s3();
    }

    /** The engines of this JVM, started on first use; skips the calling test when LocalStack is asked for but unusable. */
    public static synchronized AwsFixture get() {
        if (skipReason != null) {
            Assumptions.abort(skipReason);
        }
        if (instance == null) {
            var mode = setting(MODE_VARIABLE).orElse("local").toLowerCase(Locale.ROOT);
            instance = switch (mode) {
                case "local" -> startLocal();
                case "localstack" -> startLocalStack();
                default -> throw new IllegalArgumentException(MODE_VARIABLE + " must be 'local' or 'localstack', was '" + mode + "'");
            };
        }
        return instance;
    }

    private static AwsFixture startLocal() {
        Path dir;
        try {
            dir = Files.createTempDirectory("codec-lab-aws-fixture-");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a temporary directory for the local engines", e);
        }
        var credentials = EmbeddedCredentials.random();
        var dynamoDb = EmbeddedDynamoDb.start(dir.resolve("dynamodb"), credentials);
        var s3 = EmbeddedS3.start(dir.resolve("s3"), credentials);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dynamoDb.close();
            s3.close();
        }, "aws-fixture-stop"));
        return new AwsFixture("local", dynamoDb.endpoint(), s3.endpoint(),
                StaticCredentialsProvider.create(credentials.toAws()), Region.US_EAST_1);
    }

    private static AwsFixture startLocalStack() {
        var image = setting(IMAGE_VARIABLE).orElse(DEFAULT_LOCALSTACK_IMAGE);
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            skip(MODE_VARIABLE + "=localstack, but no Docker engine answers: start one (dockerd --bridge=none "
                    + "--iptables=false) or unset " + MODE_VARIABLE + " to use the in-JVM engines");
        }
        try {
            DockerClientFactory.instance().client().inspectImageCmd(image).exec();
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            skip(MODE_VARIABLE + "=localstack, but the image " + image + " is not present locally and will not be "
                    + "pulled (it would hang): load it with `docker load` or name another with " + IMAGE_VARIABLE);
        }
        var container = new LocalStackContainer(DockerImageName.parse(image)).withServices("dynamodb", "s3");
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "aws-fixture-localstack-stop"));
        var credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(container.getAccessKey(), container.getSecretKey()));
        return new AwsFixture("localstack", container.getEndpoint(), container.getEndpoint(), credentials,
                Region.of(container.getRegion()));
    }

    private static void skip(String reason) {
        skipReason = reason;
        // Reports of class-level skips drop the reason: say it where the build output shows it.
        LoggerFactory.getLogger(AwsFixture.class).warn("AWS integration tests skipped: {}", reason);
        Assumptions.abort(reason);
    }

    private static Optional<String> setting(String name) {
        var value = System.getProperty(name, System.getenv(name));
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /** "local" (in-JVM engines) or "localstack". */
    public String mode() {
        return mode;
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    public S3Client s3() {
        return s3;
    }

    /** The clients of these engines, as codec-lab builds them. */
    public AwsClients clients() {
        return AwsClients.at(dynamoDbEndpoint, s3Endpoint, region, credentials);
    }

    public URI dynamoDbEndpoint() {
        return dynamoDbEndpoint;
    }

    public URI s3Endpoint() {
        return s3Endpoint;
    }

    public AwsCredentialsProvider credentials() {
        return credentials;
    }

    public Region region() {
        return region;
    }

    /** A table prefix no other test class (or run) uses. */
    public static String uniqueTablePrefix(Class<?> testClass) {
        return "t-" + testClass.getSimpleName().toLowerCase(Locale.ROOT) + "-" + shortId();
    }

    /** A valid bucket name (3-63 of a-z, 0-9, -) no other test class (or run) uses. */
    public static String uniqueBucket(Class<?> testClass) {
        var base = testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        if (base.length() > 40) {
            base = base.substring(0, 40);
        }
        return "t-" + base + "-" + shortId();
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
