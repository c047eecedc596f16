package io.codeclab.orchestrator.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.codeclab.orchestrator.aws.AwsClients;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The embedded stores serve their owner's user only (issue 10, item 3): random credentials in an owner-only
 * descriptor, both servers refusing every other signature, owner-only directories, and clients that never
 * send a request to a port the services no longer hold.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class EmbeddedAccessIT {

    /** What the stores accepted before item 3: constants in the source. */
    private static final AwsCredentialsProvider OLD_CONSTANT_CREDENTIALS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create("codeclablocal", "codeclablocalsecret"));

    @TempDir
    Path tmp;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (var c : toClose) {
            c.close();
        }
        for (var child : children) {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private <T extends AutoCloseable> T closeLater(T closeable) {
        toClose.add(0, closeable);
        return closeable;
    }

    private DynamoDbClient dynamoDb(URI endpoint, AwsCredentialsProvider credentials) {
        return closeLater(AwsClients.at(endpoint, EmbeddedServices.REGION, credentials).dynamoDb());
    }

    private S3Client s3(URI endpoint, AwsCredentialsProvider credentials) {
        return closeLater(AwsClients.at(endpoint, EmbeddedServices.REGION, credentials).s3());
    }

    private static AwsCredentialsProvider fixed(String accessKeyId, String secret) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secret));
    }

    @Test
    void eachStoreRefusesRequestsSignedWithOtherCredentialsAndServesTheOwnersOnes() throws Exception {
        var services = closeLater(EmbeddedServices.startOrJoin(tmp.resolve("data").resolve("embedded")));
        var own = services.descriptor().credentials();
        var stranger = EmbeddedCredentials.random();

        for (var other : List.of(fixed(stranger.accessKeyId(), stranger.secretAccessKey()), OLD_CONSTANT_CREDENTIALS)) {
            assertThatThrownBy(() -> dynamoDb(services.dynamoDbEndpoint(), other).listTables())
                    .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
                        assertThat(e.getMessage()).contains("security token included in the request is invalid");
                    });
            assertThatThrownBy(() -> s3(services.s3Endpoint(), other).listBuckets())
                    .isInstanceOfSatisfying(S3Exception.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAccessKeyId");
                    });
        }
        // s3proxy checks the whole signature: the right key id with a wrong secret is refused too.
        assertThatThrownBy(() -> s3(services.s3Endpoint(), fixed(own.accessKeyId(), stranger.secretAccessKey()))
                .listBuckets())
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
                });
        // An unsigned request (say, curl) never reaches DynamoDB Local.
        var unsigned = HttpClient.newHttpClient().send(HttpRequest.newBuilder(services.dynamoDbEndpoint())
                        .header("Content-Type", "application/x-amz-json-1.0")
                        .header("X-Amz-Target", "DynamoDB_20120810.ListTables")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(400);
        assertThat(unsigned.body()).contains(AccessKeyCheck.ERROR_TYPE).doesNotContain("TableNames");

        // The owner's credentials, as written in the descriptor, work on both.
        var fromDescriptor = fixed(own.accessKeyId(), own.secretAccessKey());
        assertThat(dynamoDb(services.dynamoDbEndpoint(), fromDescriptor).listTables().tableNames()).isEmpty();
        assertThat(s3(services.s3Endpoint(), fromDescriptor).listBuckets().buckets()).isEmpty();
        assertThat(dynamoDb(services.dynamoDbEndpoint(), services.credentials()).listTables().tableNames()).isEmpty();
    }

    @Test
    void theDataDirectoryIsOwnerOnlyAndTheDescriptorHoldsFreshCredentialsInMode0600() throws Exception {
        Path data = tmp.resolve("data");
        var services = closeLater(EmbeddedServices.startOrJoin(data.resolve("embedded")));

        assertThat(mode(data)).isEqualTo("rwx------");
        assertThat(mode(data.resolve("embedded"))).isEqualTo("rwx------");
        assertThat(mode(data.resolve("embedded").resolve(EmbeddedServices.DYNAMODB_DIRECTORY))).isEqualTo("rwx------");
        assertThat(mode(data.resolve("embedded").resolve(EmbeddedServices.S3_DIRECTORY))).isEqualTo("rwx------");
        Path descriptor = data.resolve("embedded").resolve(EmbeddedServices.DESCRIPTOR_FILE);
        assertThat(mode(descriptor)).isEqualTo("rw-------");

        var written = new ObjectMapper().readTree(descriptor.toFile()).get("credentials");
        var credentials = services.descriptor().credentials();
        assertThat(written.get("accessKeyId").asText()).isEqualTo(credentials.accessKeyId()).matches("[A-Z0-9]{24}");
        assertThat(written.get("secretAccessKey").asText()).isEqualTo(credentials.secretAccessKey())
                .matches("[A-Za-z0-9]{40}");
        assertThat(services.descriptor().toString()).doesNotContain(credentials.accessKeyId())
                .doesNotContain(credentials.secretAccessKey());

        // Another data directory's owner draws its own pair.
        var other = closeLater(EmbeddedServices.startOrJoin(tmp.resolve("other")));
        assertThat(other.descriptor().credentials().accessKeyId()).isNotEqualTo(credentials.accessKeyId());
        assertThat(other.descriptor().credentials().secretAccessKey()).isNotEqualTo(credentials.secretAccessKey());
    }

    @Test
    void anExistingEmbeddedDirectoryOfOursIsNarrowedTo0700() throws Exception {
        Path embedded = Files.createDirectories(tmp.resolve("old").resolve("embedded"));
        Files.setPosixFilePermissions(embedded, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(embedded.resolve(EmbeddedServices.DESCRIPTOR_FILE), "{\"ownerPid\":1,"
                + "\"dynamoDbEndpoint\":\"http://127.0.0.1:1\",\"s3Endpoint\":\"http://127.0.0.1:2\"}");

        var services = closeLater(EmbeddedServices.startOrJoin(embedded));

        assertThat(services.isOwner()).isTrue();
        assertThat(mode(embedded)).isEqualTo("rwx------");
        assertThat(mode(embedded.resolve(EmbeddedServices.DESCRIPTOR_FILE))).isEqualTo("rw-------");
        assertThat(services.descriptor().credentials().accessKeyId()).matches("[A-Z0-9]{24}");
    }

    /**
     * The owner dies and another process grabs its DynamoDB port before the joiner can take over: the joiner
     * must not move elsewhere, its clients must not send a byte to that port, and once a new owner serves on
     * other ports they fail with the reason; a process started afterwards works with the new owner.
     */
    @Test
    void clientsNeverSendRequestsToAPortTheServicesLost() throws Exception {
        Path dir = tmp.resolve("handover");
        Process first = null;
        Matcher firstReady = null;
        ServerSocket squatter = null;
        EmbeddedServices joiner = null;
        URI lost = null;
        DynamoDbClient builtBefore = null;
        for (int attempt = 0; attempt < 3 && squatter == null; attempt++) {
            first = startChild(dir, "before");
            firstReady = EmbeddedServicesProcess.awaitReady(first);
            assertThat(firstReady.group(1)).isEqualTo("true");
            assertThat(EmbeddedServicesProcess.readLine(first)).isEqualTo("WROTE before");
            joiner = closeLater(EmbeddedServices.startOrJoin(dir));
            assertThat(joiner.isOwner()).isFalse();
            builtBefore = dynamoDb(joiner.dynamoDbEndpoint(), joiner.credentials());
            assertThat(builtBefore.listTables().tableNames()).containsExactly(EmbeddedServicesProcess.TABLE);

            lost = joiner.dynamoDbEndpoint();
            first.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: the descriptor stays behind
            try {
                squatter = new ServerSocket(lost.getPort(), 50, InetAddress.getLoopbackAddress());
            } catch (BindException takenOverFirst) {
                // The joiner's watchdog was quicker than this test: set the scene again.
                joiner.close();
            }
        }
        assertThat(squatter).as("could bind the dead owner's port before the takeover").isNotNull();
        try (var port = squatter) {
            port.setSoTimeout(1);
            Thread.sleep(3 * EmbeddedServices.TAKEOVER_CHECK_PERIOD.toMillis());
            assertThat(joiner.isOwner()).as("took over without the port its clients use").isFalse();

            var second = startChild(dir, "after");
            var secondReady = EmbeddedServicesProcess.awaitReady(second);
            assertThat(secondReady.group(1)).isEqualTo("true");
            assertThat(EmbeddedServicesProcess.readLine(second)).isEqualTo("WROTE after");
            assertThat(URI.create(secondReady.group(3))).isNotEqualTo(lost);

            var client = builtBefore;
            // The SDK resolves credentials before it sends anything, and passes this failure on as it is.
            assertThatThrownBy(() -> client.listTables())
                    .isInstanceOf(EmbeddedServiceException.class)
                    .hasMessageContaining("moved to DynamoDB " + secondReady.group(3))
                    .hasMessageContaining("clients point at " + lost)
                    .hasMessageEndingWith("restart this process");
            assertThat(accepted(port)).as("a request reached the port another process holds").isFalse();

            var later = closeLater(EmbeddedServices.startOrJoin(dir));
            assertThat(later.dynamoDbEndpoint()).isEqualTo(URI.create(secondReady.group(3)));
            var fresh = dynamoDb(later.dynamoDbEndpoint(), later.credentials());
            for (var id : List.of("before", "after")) {
                assertThat(fresh.getItem(r -> r.tableName(EmbeddedServicesProcess.TABLE)
                        .key(Map.of("id", AttributeValue.fromS(id)))).item()).containsEntry("id", AttributeValue.fromS(id));
            }
        }
    }

    private static boolean accepted(ServerSocket socket) throws IOException {
        try (var connection = socket.accept()) {
            return connection != null;
        } catch (SocketTimeoutException nobody) {
            return false;
        }
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private Process startChild(Path dir, String itemId) throws IOException {
        var child = EmbeddedServicesProcess.start(dir, itemId);
        children.add(child);
        return child;
    }
}
