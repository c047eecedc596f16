package io.codeclab.orchestrator.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codeclab.orchestrator.config.CodecLabConfig;
import io.codeclab.orchestrator.experiment.ExperimentStore;
import io.codeclab.orchestrator.experiment.dynamodb.DynamoDbExperimentStore;
import io.codeclab.orchestrator.testing.AwsFixture;
import io.codeclab.orchestrator.testing.CodecLabProcess;
import io.codeclab.sandbox.testing.SandboxHosts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * Daemons as separate processes ({@code scripts/codec-lab daemon}) against the test JVM's DynamoDB and S3
 * engines, given as endpoint URLs the way a host on AWS gets them: so that the test reads the store while
 * the daemon runs, and several daemons (hosts) can share one table and bucket. Each daemon picks a free
 * HTTP port and logs it.
 */
final class DaemonProcesses {

    /** Few frames: the daemons share two cores, and no test here is about clip length (4, as RunnerFailuresIT). */
    static final int FRAMES = 4;
    private static final Pattern LISTENING = Pattern.compile("HTTP server listening on (http://127\\.0\\.0\\.1:\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private DaemonProcesses() {
    }

    /** codec-lab on {@code dataDir} with the shared table prefix and bucket, bwrap, short clips, two qualities. */
    static CodecLabProcess lab(Path dataDir, String tablePrefix, String bucket) {
        SandboxHosts.requireBwrap();
        var aws = AwsFixture.get();
        var credentials = aws.credentials().resolveCredentials();
        return CodecLabProcess.on(dataDir, FRAMES)
                .with(CodecLabConfig.X264_ANCHOR, "false")
                .with(CodecLabConfig.QUALITIES, "2,8")
                .with(CodecLabConfig.SANDBOX, "bwrap")
                .with(CodecLabConfig.HTTP_PORT, "0")
                .with(CodecLabConfig.DYNAMODB_ENDPOINT, aws.dynamoDbEndpoint().toString())
                .with(CodecLabConfig.S3_ENDPOINT, aws.s3Endpoint().toString())
                .with(CodecLabConfig.REGION, aws.region().id())
                .with(CodecLabConfig.TABLE_PREFIX, tablePrefix)
                .with(CodecLabConfig.BUCKET, bucket)
                .with("AWS_ACCESS_KEY_ID", credentials.accessKeyId())
                .with("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey());
    }

    /** The store the daemons of {@code tablePrefix} write, read from the test JVM. */
    static ExperimentStore store(String tablePrefix) {
        var store = DynamoDbExperimentStore.create(AwsFixture.get().dynamoDb(), tablePrefix);
        store.ensureSchema(); // the test may look before the first daemon created the tables
        return store;
    }

    /** The base URI of the daemon's HTTP server, once it logged it. */
    static URI http(CodecLabProcess.Running daemon, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            var m = LISTENING.matcher(daemon.stderr());
            if (m.find()) {
                return URI.create(m.group(1));
            }
            assertThat(daemon.process().isAlive()).as("%s ended before serving HTTP; stderr:%n%s", daemon,
                    CodecLabProcess.tail(daemon.stderr())).isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError(daemon + " did not serve HTTP within " + timeout + "; stderr:\n"
                + CodecLabProcess.tail(daemon.stderr()));
    }

    static HttpResponse<String> get(URI base, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode healthz(URI base) throws IOException, InterruptedException {
        return JSON.readTree(get(base, "/healthz").body());
    }

    /** Polls {@code condition} every 100 ms; fails with the daemon's log after {@code timeout}. */
    static void await(CodecLabProcess.Running daemon, String what, Duration timeout, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            assertThat(daemon.process().isAlive()).as("%s ended while waiting for %s; stderr:%n%s", daemon, what,
                    CodecLabProcess.tail(daemon.stderr())).isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError(daemon + ": no " + what + " within " + timeout + "; stderr:\n"
                + CodecLabProcess.tail(daemon.stderr()));
    }

    /** SIGTERM to the daemon's JVM (the script exec'd java). */
    static void sigterm(CodecLabProcess.Running daemon) {
        assertThat(daemon.process().toHandle().info().command().orElse("")).as("the pid is the JVM's").endsWith("/java");
        daemon.process().destroy();
    }

    /** How often {@code text} occurs in {@code log}. */
    static int count(String log, String text) {
        int n = 0;
        for (int i = log.indexOf(text); i >= 0; i = log.indexOf(text, i + 1)) {
            n++;
        }
        return n;
    }
}
