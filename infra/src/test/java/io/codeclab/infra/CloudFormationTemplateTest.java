package io.codeclab.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.codeclab.orchestrator.artifact.ArtifactStore;
import io.codeclab.orchestrator.config.CodecLabConfig;
import io.codeclab.orchestrator.experiment.dynamodb.TableSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;

/**
 * Reads infra/cloudformation/codec-lab.yaml (long form, so plain YAML) and holds it to the store's own
 * table definition ({@link TableSchema}: no drift), to encryption and public-access rules, and to a role
 * whose every statement names its resources.
 */
class CloudFormationTemplateTest {

    static final Path TEMPLATE = Path.of("").toAbsolutePath().getParent().resolve("infra/cloudformation/codec-lab.yaml");
    /** What the template's TableName Fn::Sub strings hold in place of the prefix. */
    static final String PREFIX = "${TablePrefix}";

    /**
     * The only actions allowed on Resource "*": AWS defines no resource type for them, so nothing narrower
     * can be written. PutMetricData is narrowed by a namespace condition instead; the rest are the SSM
     * agent's channel to Run Command.
     */
    static final Set<String> ACTIONS_AWS_ALLOWS_ONLY_ON_STAR = Set.of(
            "cloudwatch:PutMetricData",
            "ssm:UpdateInstanceInformation",
            "ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel",
            "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel",
            "ec2messages:AcknowledgeMessage", "ec2messages:DeleteMessage", "ec2messages:FailMessage",
            "ec2messages:GetEndpoint", "ec2messages:GetMessages", "ec2messages:SendReply");

    static JsonNode template;
    static JsonNode resources;

    @BeforeAll
    static void read() throws IOException {
        template = new YAMLMapper().readTree(TEMPLATE.toFile());
        resources = template.path("Resources");
    }

    private static JsonNode resourceOfType(String logicalId, String type) {
        JsonNode r = resources.path(logicalId);
        assertThat(r.path("Type").asText()).as(logicalId + " type").isEqualTo(type);
        return r.path("Properties");
    }

    @Test
    void declaresTheResourcesOfTheStack() {
        var types = new TreeMap<String, String>();
        resources.fields().forEachRemaining(e -> types.put(e.getKey(), e.getValue().path("Type").asText()));

        assertThat(types).containsAllEntriesOf(Map.of(
                "ExperimentsTable", "AWS::DynamoDB::Table",
                "VersionsTable", "AWS::DynamoDB::Table",
                "RunLogTable", "AWS::DynamoDB::Table",
                "ProgramsTable", "AWS::DynamoDB::Table",
                "ArtifactsBucket", "AWS::S3::Bucket",
                "InstanceRole", "AWS::IAM::Role",
                "InstanceProfile", "AWS::IAM::InstanceProfile",
                "WorkerLaunchTemplate", "AWS::EC2::LaunchTemplate",
                "WorkerGroup", "AWS::AutoScaling::AutoScalingGroup",
                "RunExperimentDocument", "AWS::SSM::Document"));
        assertThat(types.values().stream().filter("AWS::DynamoDB::Table"::equals).count()).isEqualTo(4);
    }

    @Test
    void tablesMatchTheStoresOwnDefinition() {
        List<CreateTableRequest> expected = TableSchema.tables(PREFIX);
        assertThat(expected).hasSize(4);
        for (CreateTableRequest table : expected) {
            JsonNode actual = tableNamed(table.tableName());

            assertThat(actual.path("BillingMode").asText()).isEqualTo(table.billingModeAsString())
                    .isEqualTo("PAY_PER_REQUEST");
            assertThat(pairs(actual.path("AttributeDefinitions"), "AttributeName", "AttributeType"))
                    .as(table.tableName() + " attributes")
                    .containsExactlyInAnyOrderElementsOf(table.attributeDefinitions().stream()
                            .map(a -> a.attributeName() + ":" + a.attributeTypeAsString()).toList());
            assertThat(pairs(actual.path("KeySchema"), "AttributeName", "KeyType")).as(table.tableName() + " key")
                    .containsExactlyElementsOf(table.keySchema().stream()
                            .map(k -> k.attributeName() + ":" + k.keyTypeAsString()).toList());

            var indexes = new TreeMap<String, String>();
            actual.path("GlobalSecondaryIndexes").forEach(i -> indexes.put(i.path("IndexName").asText(),
                    String.join(",", pairs(i.path("KeySchema"), "AttributeName", "KeyType")) + " "
                            + i.path("Projection").path("ProjectionType").asText()));
            var expectedIndexes = new TreeMap<String, String>();
            table.globalSecondaryIndexes().forEach(i -> expectedIndexes.put(i.indexName(),
                    i.keySchema().stream().map(k -> k.attributeName() + ":" + k.keyTypeAsString())
                            .collect(Collectors.joining(",")) + " " + i.projection().projectionTypeAsString()));
            assertThat(indexes).as(table.tableName() + " indexes").isEqualTo(expectedIndexes);
            assertThat(actual.has("LocalSecondaryIndexes")).isFalse();
        }
        // Pinned: four indexes on experiments (latest, byStatus, byCodeSha256, byNormalizedSha256), none on versions.
        assertThat(tableNamed(TableSchema.experimentsTableName(PREFIX)).path("GlobalSecondaryIndexes").size()).isEqualTo(4);
        assertThat(tableNamed(TableSchema.versionsTableName(PREFIX)).has("GlobalSecondaryIndexes")).isFalse();
        assertThat(tableNamed(TableSchema.runLogTableName(PREFIX)).path("GlobalSecondaryIndexes").size()).isEqualTo(1);
        assertThat(tableNamed(TableSchema.programsTableName(PREFIX)).path("GlobalSecondaryIndexes").size()).isEqualTo(2);
    }

    @Test
    void tablesAreEncryptedRecoverableAndProtectedFromDeletion() {
        for (String id : List.of("ExperimentsTable", "VersionsTable", "RunLogTable", "ProgramsTable")) {
            JsonNode table = resourceOfType(id, "AWS::DynamoDB::Table");
            assertThat(table.path("PointInTimeRecoverySpecification").path("PointInTimeRecoveryEnabled").asBoolean())
                    .as(id + " PITR").isTrue();
            assertThat(table.path("DeletionProtectionEnabled").asBoolean()).as(id + " deletion protection").isTrue();
            assertThat(table.path("SSESpecification").path("SSEEnabled").asBoolean()).as(id + " SSE").isTrue();
            assertThat(resources.path(id).path("DeletionPolicy").asText()).isEqualTo("Retain");
        }
    }

    @Test
    void bucketIsEncryptedPrivateVersionedAndExpiresExperimentLogsButNotVersionCode() {
        JsonNode bucket = resourceOfType("ArtifactsBucket", "AWS::S3::Bucket");

        JsonNode sse = bucket.path("BucketEncryption").path("ServerSideEncryptionConfiguration");
        assertThat(sse.size()).isEqualTo(1);
        assertThat(sse.get(0).path("ServerSideEncryptionByDefault").path("SSEAlgorithm").asText())
                .isIn("AES256", "aws:kms");
        JsonNode block = bucket.path("PublicAccessBlockConfiguration");
        for (String flag : List.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")) {
            assertThat(block.path(flag).asBoolean()).as(flag).isTrue();
        }
        assertThat(bucket.path("VersioningConfiguration").path("Status").asText()).isEqualTo("Enabled");

        String logKey = ArtifactStore.experimentKey("20261201-abc", "logs/search.json");
        String codeKey = ArtifactStore.versionCodeKey(3, "20261201-abc");
        var expiring = new ArrayList<String>();
        for (JsonNode rule : bucket.path("LifecycleConfiguration").path("Rules")) {
            assertThat(rule.path("Status").asText()).isEqualTo("Enabled");
            if (rule.has("ExpirationInDays") || rule.has("ExpirationDate")) {
                expiring.add(rule.path("Prefix").asText(""));
            }
        }
        assertThat(expiring).containsExactly("experiments/");
        assertThat(logKey).startsWith(expiring.get(0));
        assertThat(codeKey).doesNotStartWith(expiring.get(0));
    }

    @Test
    void everyRoleStatementNamesItsActionsAndResources() {
        List<JsonNode> statements = roleStatements();
        assertThat(statements).hasSizeGreaterThanOrEqualTo(8);

        var starActions = new HashSet<String>();
        for (JsonNode s : statements) {
            String sid = s.path("Sid").asText();
            assertThat(s.path("Effect").asText()).as(sid).isEqualTo("Allow");
            assertThat(s.has("NotAction") || s.has("NotResource")).as(sid + " uses NotAction/NotResource").isFalse();
            List<String> actions = strings(s.path("Action"));
            assertThat(actions).as(sid + " actions").isNotEmpty()
                    .allSatisfy(a -> assertThat(a).as(sid).matches("[a-z0-9-]+:[A-Za-z]+"));
            List<JsonNode> resourcesOf = list(s.path("Resource"));
            assertThat(resourcesOf).as(sid + " resources").isNotEmpty();
            boolean star = resourcesOf.stream().anyMatch(r -> r.isTextual() && r.asText().equals("*"));
            if (star) {
                assertThat(resourcesOf).as(sid + ": '*' stands alone").hasSize(1);
                starActions.addAll(actions);
            }
            resourcesOf.stream().filter(JsonNode::isTextual).map(JsonNode::asText).filter(r -> !r.equals("*"))
                    .forEach(r -> assertThat(r).as(sid + " literal resource").doesNotContain("*"));
        }
        assertThat(ACTIONS_AWS_ALLOWS_ONLY_ON_STAR).containsAll(starActions);
        assertThat(starActions).contains("cloudwatch:PutMetricData", "ssm:UpdateInstanceInformation");
    }

    @Test
    void dataAccessIsLimitedToTheStacksTablesBucketAndParameterPrefix() {
        var byService = new TreeMap<String, Set<String>>();
        for (JsonNode s : roleStatements()) {
            String resourcesText = s.path("Resource").toString();
            for (String action : strings(s.path("Action"))) {
                byService.computeIfAbsent(action.substring(0, action.indexOf(':')), k -> new HashSet<>())
                        .add(resourcesText);
            }
        }
        assertThat(byService.get("dynamodb")).singleElement().satisfies(r -> assertThat(r)
                .contains("ExperimentsTable", "VersionsTable", "${ExperimentsTable.Arn}/index/*",
                        "${VersionsTable.Arn}/index/*", "RunLogTable", "${RunLogTable.Arn}/index/*",
                        "ProgramsTable", "${ProgramsTable.Arn}/index/*"));
        assertThat(byService.get("s3")).hasSize(2).allSatisfy(r -> assertThat(r).contains("ArtifactsBucket"));
        assertThat(byService.get("logs")).singleElement().satisfies(r -> assertThat(r).contains("ServiceLogGroup"));
        assertThat(byService.get("ssm")).hasSize(2).anySatisfy(r -> assertThat(r)
                .contains(":parameter/${SsmPrefixName}\"").contains(":parameter/${SsmPrefixName}/*\""));
        // No write access to anything but the store: no deletes, no table or bucket administration.
        List<String> all = roleStatements().stream().flatMap(s -> strings(s.path("Action")).stream()).toList();
        assertThat(all).noneMatch(a -> a.startsWith("dynamodb:Delete") || a.startsWith("dynamodb:Create")
                || a.equals("s3:DeleteObject") || a.startsWith("s3:PutBucket") || a.startsWith("iam:"));
    }

    @Test
    void bedrockIsGrantedOnlyWhenChosenAndOnlyForTheChosenModel() {
        JsonNode policy = resources.path("BedrockInvokePolicy");
        assertThat(policy.path("Type").asText()).isEqualTo("AWS::IAM::Policy");
        assertThat(policy.path("Condition").asText()).isEqualTo("UseBedrock");
        assertThat(template.path("Conditions").path("UseBedrock").path("Fn::Equals").toString())
                .isEqualTo("[{\"Ref\":\"Proposer\"},\"bedrock\"]");
        assertThat(policy.path("Properties").path("PolicyDocument").path("Statement").toString())
                .contains("foundation-model/${BedrockModelId}");
        // The role's own policies say nothing about Bedrock.
        assertThat(resources.path("InstanceRole").toString()).doesNotContain("bedrock:");
    }

    @Test
    void workersRunTheServiceAndDefaultToOne() {
        assertThat(template.path("Parameters").path("WorkerCount").path("Default").asInt()).isEqualTo(1);
        JsonNode group = resourceOfType("WorkerGroup", "AWS::AutoScaling::AutoScalingGroup");
        assertThat(group.path("DesiredCapacity").path("Ref").asText()).isEqualTo("WorkerCount");
        assertThat(group.path("LaunchTemplate").path("LaunchTemplateId").path("Ref").asText())
                .isEqualTo("WorkerLaunchTemplate");

        JsonNode data = resourceOfType("WorkerLaunchTemplate", "AWS::EC2::LaunchTemplate").path("LaunchTemplateData");
        assertThat(data.path("MetadataOptions").path("HttpTokens").asText()).isEqualTo("required");
        assertThat(data.path("BlockDeviceMappings").get(0).path("Ebs").path("Encrypted").asBoolean()).isTrue();
        String userData = data.path("UserData").path("Fn::Base64").path("Fn::Sub").asText();
        assertThat(userData).contains("scripts/install-service", "CODEC_LAB_TABLE_PREFIX=${TablePrefix}",
                "CODEC_LAB_BUCKET=${ArtifactsBucket}", "CODEC_LAB_SSM_PREFIX=/${SsmPrefixName}/");
    }

    /** The settings user data writes are settings codec-lab knows, and they name what the stack created. */
    @Test
    void userDataWritesKnownSettingsMatchingTheStack() {
        String userData = resources.path("WorkerLaunchTemplate").path("Properties").path("LaunchTemplateData")
                .path("UserData").path("Fn::Base64").path("Fn::Sub").asText();
        var settings = new TreeMap<String, String>();
        userData.lines().map(String::strip).filter(l -> l.matches("CODEC_LAB_[A-Z0-9_]+=.*"))
                .forEach(l -> settings.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));

        assertThat(CodecLabConfig.NAMES).containsAll(settings.keySet());
        assertThat(settings).containsEntry(CodecLabConfig.DYNAMODB_ENDPOINT, "aws")
                .containsEntry(CodecLabConfig.S3_ENDPOINT, "aws").containsEntry(CodecLabConfig.SSM_ENDPOINT, "aws")
                .containsEntry(CodecLabConfig.TABLE_PREFIX, "${TablePrefix}")
                .containsEntry(CodecLabConfig.BUCKET, "${ArtifactsBucket}")
                .containsEntry(CodecLabConfig.SSM_PREFIX, "/${SsmPrefixName}/")
                .containsEntry(CodecLabConfig.PROPOSER, "${Proposer}");
        // The proposer names the template offers are the ones the configuration accepts (an LLM proposer with its
        // model, which the operator puts in Parameter Store under the prefix).
        for (JsonNode proposer : template.path("Parameters").path("Proposer").path("AllowedValues")) {
            assertThat(CodecLabConfig.load(Optional.empty(), Map.of(), Map.of(CodecLabConfig.PROPOSER,
                    proposer.asText(), CodecLabConfig.LLM_MODEL, "a-model")).proposer()).isEqualTo(proposer.asText());
        }
    }

    /** The CloudWatch agent ships the service log to the group scripts/tail-logs --cloudwatch follows. */
    @Test
    void theAgentShipsTheServiceLogToTheGroupTailLogsReads() throws IOException {
        String userData = resources.path("WorkerLaunchTemplate").path("Properties").path("LaunchTemplateData")
                .path("UserData").path("Fn::Base64").path("Fn::Sub").asText();
        String agentConfig = userData.split("<<'CWA'\n")[1].split("\nCWA\n")[0];
        JsonNode collect = new com.fasterxml.jackson.databind.ObjectMapper().readTree(agentConfig)
                .path("logs").path("logs_collected").path("files").path("collect_list").get(0);

        assertThat(collect.path("file_path").asText()).isEqualTo("/var/log/codec-lab/service.log");
        assertThat(collect.path("log_group_name").asText()).isEqualTo("${ServiceLogGroup}");
        assertThat(userData).contains("/var/log/codec-lab/service.log' > /etc/rsyslog.d/30-codec-lab.conf");
        assertThat(resources.path("ServiceLogGroup").path("Properties").path("LogGroupName").path("Fn::Sub").asText())
                .isEqualTo("/codec-lab/${TablePrefix}/service");
        assertThat(java.nio.file.Files.readString(TEMPLATE.getParent().getParent().getParent().resolve("scripts/tail-logs")))
                .contains("group=\"/codec-lab/${CODEC_LAB_TABLE_PREFIX:-codec-lab}/service\"");
    }

    /** {@code trigger}'s default document is the one the stack creates for the same table prefix. */
    @Test
    void triggersDefaultDocumentIsTheStacksDocument() {
        String stackName = resources.path("RunExperimentDocument").path("Properties").path("Name").path("Fn::Sub").asText();
        var config = CodecLabConfig.load(Optional.empty(), Map.of(), Map.of(CodecLabConfig.TABLE_PREFIX, "lab"));

        assertThat(config.ssmDocument()).isEqualTo(stackName.replace(PREFIX, "lab")).isEqualTo("lab-run-experiment");
    }

    @Test
    void theDocumentRunsOneExperimentAsTheServiceUserAndPrintsItsJson() {
        JsonNode doc = resourceOfType("RunExperimentDocument", "AWS::SSM::Document");
        assertThat(doc.path("DocumentType").asText()).isEqualTo("Command");
        assertThat(doc.path("Name").path("Fn::Sub").asText()).isEqualTo(PREFIX + "-run-experiment");
        JsonNode content = doc.path("Content");
        assertThat(content.path("schemaVersion").asText()).isEqualTo("2.2");
        assertThat(content.path("parameters").path("executionTimeout").path("default").asText()).isEqualTo("3600");
        JsonNode step = content.path("mainSteps").get(0);
        assertThat(step.path("action").asText()).isEqualTo("aws:runShellScript");
        assertThat(step.path("inputs").path("timeoutSeconds").asText()).isEqualTo("{{ executionTimeout }}");
        assertThat(strings(step.path("inputs").path("runCommand"))).last().asString()
                .isEqualTo("exec runuser -u codec-lab -- /opt/codec-lab/scripts/codec-lab run-once --json");
    }

    /** Every Ref, GetAtt and ${Name} in Fn::Sub names a parameter, a resource or a pseudo parameter. */
    @Test
    void everyReferenceResolves() {
        var known = new HashSet<String>();
        template.path("Parameters").fieldNames().forEachRemaining(known::add);
        resources.fieldNames().forEachRemaining(known::add);
        var references = new ArrayList<String>();
        collectReferences(template, references);

        assertThat(references).hasSizeGreaterThan(20);
        assertThat(references).allSatisfy(r -> assertThat(r.startsWith("AWS::") || known.contains(r))
                .as("reference to " + r).isTrue());
    }

    private static void collectReferences(JsonNode node, List<String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                switch (e.getKey()) {
                    case "Ref" -> out.add(e.getValue().asText());
                    case "Fn::GetAtt" -> out.add(e.getValue().get(0).asText());
                    case "Fn::Sub" -> {
                        var m = Pattern.compile("\\$\\{([^!}][^}]*)}").matcher(e.getValue().asText());
                        while (m.find()) {
                            out.add(m.group(1).split("\\.")[0]);
                        }
                    }
                    default -> collectReferences(e.getValue(), out);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectReferences(n, out));
        }
    }

    private static JsonNode tableNamed(String name) {
        for (JsonNode r : resources) {
            if (r.path("Type").asText().equals("AWS::DynamoDB::Table")
                    && r.path("Properties").path("TableName").path("Fn::Sub").asText().equals(name)) {
                return r.path("Properties");
            }
        }
        throw new AssertionError("no AWS::DynamoDB::Table named " + name + " in " + TEMPLATE);
    }

    /** The role's inline policies and every AWS::IAM::Policy attached to it. */
    private static List<JsonNode> roleStatements() {
        var out = new ArrayList<JsonNode>();
        resourceOfType("InstanceRole", "AWS::IAM::Role").path("Policies")
                .forEach(p -> p.path("PolicyDocument").path("Statement").forEach(out::add));
        for (JsonNode r : resources) {
            if (r.path("Type").asText().equals("AWS::IAM::Policy")) {
                assertThat(r.path("Properties").path("Roles").toString()).isEqualTo("[{\"Ref\":\"InstanceRole\"}]");
                r.path("Properties").path("PolicyDocument").path("Statement").forEach(out::add);
            }
        }
        assertThat(resources.path("InstanceRole").path("Properties").has("ManagedPolicyArns"))
                .as("managed policies would grant beyond the stack").isFalse();
        return out;
    }

    private static List<String> pairs(JsonNode array, String a, String b) {
        return list(array).stream().map(n -> n.path(a).asText() + ":" + n.path(b).asText()).toList();
    }

    private static List<JsonNode> list(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        return node.isArray() ? StreamSupport.stream(node.spliterator(), false).toList() : List.of(node);
    }

    private static List<String> strings(JsonNode node) {
        return list(node).stream().map(JsonNode::asText).toList();
    }
}
