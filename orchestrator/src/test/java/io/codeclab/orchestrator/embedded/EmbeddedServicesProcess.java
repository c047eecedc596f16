package io.codeclab.orchestrator.embedded;

import io.codeclab.orchestrator.aws.AwsClients;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

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
}
