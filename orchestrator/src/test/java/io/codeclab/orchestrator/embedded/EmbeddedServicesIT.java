package io.codeclab.orchestrator.embedded;

import io.codeclab.orchestrator.aws.AwsClients;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.codeclab.orchestrator.artifact.S3ArtifactStore;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.dynamodb.services.local.monitoring.Telemetry;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EmbeddedServicesIT {


    @TempDir
    Path dir;

    private final List<Process> children = new ArrayList<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (var c : toClose) {
            c.close();
        }
        for (var child : children) {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private EmbeddedServices startOrJoin() {
        var services = EmbeddedServices.startOrJoin(dir);
        toClose.add(0, services);
        return services;
    }

    private DynamoDbClient dynamoDb(EmbeddedServices s) {
        var client = AwsClients.at(s.dynamoDbEndpoint(), s.region(), s.credentials()).dynamoDb();
        toClose.add(0, client);
        return client;
    }

    private S3Client s3(EmbeddedServices s) {
        var client = AwsClients.at(s.s3Endpoint(), s.region(), s.credentials()).s3();
        toClose.add(0, client);
        return client;
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of("id", AttributeValue.fromS(id));
    }

    @Test
    void ownerServesBothOnLoopbackAndAdvertisesItself() throws IOException {
        var services = startOrJoin();
        System.out.println("EmbeddedServices start (owner, cold JVM share): " + services.startDuration().toMillis() + " ms");

        assertThat(services.isOwner()).isTrue();
        assertThat(services.ownerPid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(services.dynamoDbEndpoint().getHost()).isEqualTo("127.0.0.1");
        assertThat(services.s3Endpoint().getHost()).isEqualTo("127.0.0.1");
        var descriptor = Files.readString(dir.resolve(EmbeddedServices.DESCRIPTOR_FILE));
        assertThat(descriptor).contains(services.dynamoDbEndpoint().toString(), services.s3Endpoint().toString(),
                Long.toString(ProcessHandle.current().pid()));

        assertThat(dynamoDb(services).listTables().tableNames()).isEmpty();
        assertThat(s3(services).listBuckets().buckets()).isEmpty();
        assertThat(Telemetry.getTelemetry()).isEmpty();
        assertThat(Files.exists(dir.resolve(EmbeddedServices.DYNAMODB_DIRECTORY))).isTrue();
    }

    @Test
    void serversDoNotListenOnOtherAddresses() throws IOException {
        var services = startOrJoin();

        for (var endpoint : List.of(services.dynamoDbEndpoint(), services.s3Endpoint())) {
            // What the kernel says each listening socket is bound to: needs no second address on this host.
            // 127.0.0.1 as an IPv4 socket, or as an IPv4-mapped address on an IPv6 one (::ffff:127.0.0.1).
            assertThat(listeningAddresses(endpoint.getPort())).as("%s bound to", endpoint).singleElement()
                    .isIn("0100007F", "0000000000000000FFFF00000100007F");
            assertThat(connects("127.0.0.1", endpoint.getPort())).isTrue();
        }
        // And where the host has another IPv4 address, nothing answers on it.
        var external = NetworkInterface.networkInterfaces()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
                .findFirst();
        for (var endpoint : List.of(services.dynamoDbEndpoint(), services.s3Endpoint())) {
            external.ifPresent(address -> assertThat(connects(address.getHostAddress(), endpoint.getPort()))
                    .as("%s reachable on %s", endpoint, address).isFalse());
        }
    }

    /** Local addresses (hex, as in /proc/net/tcp and tcp6) of the sockets listening on {@code port}. */
    private static List<String> listeningAddresses(int port) throws IOException {
        var found = new ArrayList<String>();
        for (var table : List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"))) {
            if (!Files.exists(table)) {
                continue;
            }
            for (var line : Files.readAllLines(table).subList(1, Files.readAllLines(table).size())) {
                var fields = line.trim().split("\\s+");
                var local = fields[1].split(":");
                boolean listening = fields[3].equals("0A");
                if (listening && Integer.parseInt(local[1], 16) == port) {
                    found.add(local[0]);
                }
            }
        }
        return found;
    }

    private static boolean connects(String host, int port) {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void closingStopsTheServersAndWithdrawsTheDescriptor() {
        var services = EmbeddedServices.startOrJoin(dir);
        var ddb = services.dynamoDbEndpoint();
        var s3 = services.s3Endpoint();

        services.close();

        assertThat(Files.exists(dir.resolve(EmbeddedServices.DESCRIPTOR_FILE))).isFalse();
        assertThat(connects(ddb.getHost(), ddb.getPort())).isFalse();
        assertThat(connects(s3.getHost(), s3.getPort())).isFalse();
    }

    @Test
    void dataSurvivesARestartOnTheSameDirectory() {
        try (var first = EmbeddedServices.startOrJoin(dir);
             var ddb = AwsClients.at(first.dynamoDbEndpoint(), first.region(), first.credentials()).dynamoDb();
             var s3 = AwsClients.at(first.s3Endpoint(), first.region(), first.credentials()).s3()) {
            EmbeddedServicesProcess.createTable(ddb);
            ddb.putItem(r -> r.tableName(EmbeddedServicesProcess.TABLE).item(key("kept")));
            S3ArtifactStore.create(s3, "artifacts").ensureBucket();
            s3.putObject(r -> r.bucket("artifacts").key("experiments/e/code.py"), RequestBody.fromString("print(1)"));
        }

        var second = startOrJoin();

        assertThat(second.isOwner()).isTrue();
        assertThat(dynamoDb(second).getItem(r -> r.tableName(EmbeddedServicesProcess.TABLE).key(key("kept"))).item())
                .isEqualTo(key("kept"));
        assertThat(S3ArtifactStore.create(s3(second), "artifacts").get("experiments/e/code.py"))
                .hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("print(1)"));
    }

    @Test
    void aSecondInstanceInTheSameJvmJoinsTheFirst() {
        var first = startOrJoin();

        var second = EmbeddedServices.startOrJoin(dir);

        assertThat(second.isOwner()).isFalse();
        assertThat(second.dynamoDbEndpoint()).isEqualTo(first.dynamoDbEndpoint());
        assertThat(second.s3Endpoint()).isEqualTo(first.s3Endpoint());
        second.close(); // a joiner's close leaves the owner's servers running
        assertThat(dynamoDb(first).listTables().tableNames()).isEmpty();

        first.close();
        var third = startOrJoin();
        assertThat(third.isOwner()).isTrue();
    }

    @Test
    void aSecondProcessJoinsTheOwnerAndSharesItsData() throws Exception {
        var owner = startOrJoin();

        var child = startChild("from-child");
        var ready = EmbeddedServicesProcess.awaitReady(child);

        assertThat(ready.group(1)).isEqualTo("false");
        assertThat(Long.parseLong(ready.group(2))).isEqualTo(ProcessHandle.current().pid());
        assertThat(URI.create(ready.group(3))).isEqualTo(owner.dynamoDbEndpoint());
        assertThat(URI.create(ready.group(4))).isEqualTo(owner.s3Endpoint());
        assertThat(EmbeddedServicesProcess.readLine(child)).isEqualTo("WROTE from-child");
        assertThat(dynamoDb(owner).getItem(r -> r.tableName(EmbeddedServicesProcess.TABLE).key(key("from-child"))).item())
                .isEqualTo(key("from-child"));
    }

    @Test
    void whenTheOwningProcessDiesTheNextOneTakesOverWithTheData() throws Exception {
        var child = startChild("before-the-crash");
        var ready = EmbeddedServicesProcess.awaitReady(child);
        assertThat(ready.group(1)).isEqualTo("true");
        assertThat(EmbeddedServicesProcess.readLine(child)).isEqualTo("WROTE before-the-crash");
        var childEndpoint = URI.create(ready.group(3));

        var successor = startOrJoin();
        assertThat(successor.isOwner()).isFalse();
        assertThat(successor.dynamoDbEndpoint()).isEqualTo(childEndpoint);
        var clientBuiltBeforeTheCrash = dynamoDb(successor);

        child.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: no clean-up, descriptor left behind

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!successor.isOwner() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(successor.isOwner()).as("the joiner took over").isTrue();
        assertThat(successor.ownerPid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(successor.dynamoDbEndpoint()).as("previous owner's port reused").isEqualTo(childEndpoint);
        assertThat(clientBuiltBeforeTheCrash.getItem(r -> r.tableName(EmbeddedServicesProcess.TABLE)
                .key(key("before-the-crash"))).item()).isEqualTo(key("before-the-crash"));
        var later = startOrJoin();
        assertThat(later.isOwner()).isFalse();
        assertThat(later.dynamoDbEndpoint()).isEqualTo(childEndpoint);
    }

    @Test
    void aNewStartAfterTheOwnerDiedTakesOver() throws Exception {
        var child = startChild("kept");
        EmbeddedServicesProcess.awaitReady(child);
        assertThat(EmbeddedServicesProcess.readLine(child)).isEqualTo("WROTE kept");
        child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

        var next = startOrJoin();

        assertThat(next.isOwner()).isTrue();
        assertThat(dynamoDb(next).getItem(r -> r.tableName(EmbeddedServicesProcess.TABLE).key(key("kept"))).item())
                .isEqualTo(key("kept"));
    }

    @Test
    void processesStartingTogetherElectOneOwnerAndAllUseItsEndpoints() throws Exception {
        var racers = List.of(startChild("racer-1"), startChild("racer-2"), startChild("racer-3"));

        var owners = 0;
        var endpoints = new java.util.HashSet<String>();
        for (var racer : racers) {
            var ready = EmbeddedServicesProcess.awaitReady(racer);
            owners += ready.group(1).equals("true") ? 1 : 0;
            endpoints.add(ready.group(3) + " " + ready.group(4));
            assertThat(EmbeddedServicesProcess.readLine(racer)).startsWith("WROTE racer-");
        }

        assertThat(owners).isEqualTo(1);
        assertThat(endpoints).hasSize(1);
        var joined = startOrJoin();
        assertThat(joined.isOwner()).isFalse();
        for (var id : List.of("racer-1", "racer-2", "racer-3")) {
            assertThat(dynamoDb(joined).getItem(r -> r.tableName(EmbeddedServicesProcess.TABLE).key(key(id))).item())
                    .isEqualTo(key(id));
        }
    }

    private Process startChild(String itemId) throws IOException {
        var child = EmbeddedServicesProcess.start(dir, itemId);
        children.add(child);
        return child;
    }
}
