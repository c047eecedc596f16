package io.codeclab.orchestrator.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeclab.orchestrator.aws.AwsClients;
import java.io.IOException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * A second JVM for {@link EmbeddedServicesIT}: starts or joins the services of a directory, reports on
 * stdout, optionally writes an item, and holds on until its stdin closes.
 *
 * <p>Usage: {@code EmbeddedServicesProcess DATA_DIR [ITEM_ID]}. Prints
 * {@code READY owner=<bool> pid=<owner pid> dynamodb=<uri> s3=<uri>}, then {@code WROTE <id>} after
 * putting {@code {id: ITEM_ID}} into table {@value #TABLE}.
 */
public final class EmbeddedServicesProcess {

    public static final String TABLE = "process-items";

    private EmbeddedServicesProcess() {
    }

    public static void main(String[] args) throws Exception {
        try (var services = EmbeddedServices.startOrJoin(Path.of(args[0]))) {
            System.out.println("READY owner=" + services.isOwner() + " pid=" + services.ownerPid() + " dynamodb="
                    + services.dynamoDbEndpoint() + " s3=" + services.s3Endpoint());
            System.out.flush();
            if (args.length > 1) {
                try (var client = AwsClients.at(services.dynamoDbEndpoint(), services.region(),
                        services.credentials()).dynamoDb()) {
                    createTable(client);
                    client.putItem(r -> r.tableName(TABLE).item(Map.of("id", AttributeValue.fromS(args[1]))));
                }
                System.out.println("WROTE " + args[1]);
                System.out.flush();
            }
            var stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            while (stdin.readLine() != null) {
                // hold the services until the parent closes our stdin
            }
        }
        System.out.println("CLOSED");
    }

    static void createTable(software.amazon.awssdk.services.dynamodb.DynamoDbClient client) {
        try {
            client.createTable(r -> r.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("id")
                            .attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build()));
        } catch (ResourceInUseException exists) {
            // created by an earlier run on the same directory
        }
    }

    /** What a child prints once its services are up: {@code READY owner=<bool> pid=<pid> dynamodb=<uri> s3=<uri>}. */
    static final Pattern READY = Pattern.compile("READY owner=(true|false) pid=(\\d+) dynamodb=(\\S+) s3=(\\S+)");

    /** Starts this program in a new JVM on {@code dir}, to write {@code itemId}; the caller stops it. */
    static Process start(Path dir, String itemId) throws IOException {
        var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                EmbeddedServicesProcess.class.getName(), dir.toString(), itemId)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    /** The child's READY line, parsed; fails the test with what the child said instead. */
    static Matcher awaitReady(Process child) throws IOException {
        var line = readLine(child);
        var m = READY.matcher(line == null ? "" : line);
        assertThat(m.matches()).as("child said: %s", line).isTrue();
        return m;
    }

    /** The child's next stdout line, or null at its end (unbuffered: lines are short and read in order). */
    static String readLine(Process child) throws IOException {
        var out = new StringBuilder();
        var in = child.getInputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            out.append((char) c);
        }
        return c == -1 && out.isEmpty() ? null : out.toString();
    }

}
