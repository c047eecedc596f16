package io.codeclab.orchestrator.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.codeclab.orchestrator.testing.AttemptCounter;
import io.codeclab.orchestrator.testing.AwsFixture;
import software.amazon.awssdk.http.SdkHttpMethod;

class S3ArtifactStoreIT {

    private static AwsFixture aws;
    private final AttemptCounter sent = new AttemptCounter();
    private S3ArtifactStore store;

    @BeforeEach
    void freshBucket() {
        // per test, not @BeforeAll: a skip (LocalStack unusable) then shows its reason on every test
        aws = AwsFixture.get();
        var client = aws.clients().s3(sent);
        store = S3ArtifactStore.create(client, AwsFixture.uniqueBucket(getClass()));
        store.ensureBucket();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void putThenGetReturnsTheSameBytes() {
        var key = ArtifactStore.experimentKey("20261123T130501Z-3f9a1c", "code.py");
        var code = utf8("def encode(frames, quality):\n    return b''\n");

        assertThat(store.put(key, code, "text/x-python")).isEqualTo(key);

        assertThat(store.get(key)).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(code));
    }

    @Test
    void binaryContentIsKeptExactly() {
        var bytes = new byte[70_000];
        new java.util.Random(7).nextBytes(bytes);
        store.put("experiments/x/bitstream.bin", bytes, "application/octet-stream");

        assertThat(store.get("experiments/x/bitstream.bin").orElseThrow()).isEqualTo(bytes);
    }

    @Test
    void missingKeyIsEmpty() {
        assertThat(store.get("experiments/nobody/code.py")).isEmpty();
    }

    @Test
    void listReturnsKeysUnderThePrefixInKeyOrder() {
        store.put(ArtifactStore.experimentKey("e2", "log.txt"), utf8("b"), "text/plain");
        store.put(ArtifactStore.experimentKey("e1", "code.py"), utf8("a"), "text/x-python");
        store.put(ArtifactStore.experimentKey("e1", "a-report.json"), utf8("{}"), "application/json");
        store.put(ArtifactStore.versionCodeKey(0, "baseline"), utf8("v0"), "text/x-python");

        assertThat(store.list("experiments/e1/")).containsExactly("experiments/e1/a-report.json", "experiments/e1/code.py");
        assertThat(store.list("experiments/")).hasSize(3);
        assertThat(store.list("versions/")).containsExactly("versions/v0/baseline/codec.py");
        assertThat(store.list("nothing/")).isEmpty();
    }

    @Test
    void listPagesThroughMoreThanOnePage() throws Exception {
        // S3 lists at most 1000 keys a page.
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            var puts = new java.util.ArrayList<java.util.concurrent.Callable<String>>();
            for (int i = 0; i < 1_005; i++) {
                var key = String.format("many/%04d", i);
                var value = new byte[] {(byte) i};
                puts.add(() -> store.put(key, value, "application/octet-stream"));
            }
            for (var f : pool.invokeAll(puts)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        var keys = store.list("many/");

        assertThat(keys).hasSize(1_005).isSorted().startsWith("many/0000").endsWith("many/1004");
    }

    @Test
    void everyPutRequestsServerSideEncryption() {
        sent.reset();
        store.put("experiments/e/code.py", utf8("x"), "text/x-python");
        store.put("versions/v1/codec.py", utf8("y"), "text/x-python");

        // Every attempt counts (the SDK may retry one on a transient error): each must ask for encryption.
        var puts = sent.requests().stream().filter(r -> r.method() == SdkHttpMethod.PUT).toList();
        assertThat(puts).allSatisfy(r ->
                assertThat(r.firstMatchingHeader("x-amz-server-side-encryption")).contains("AES256"));
        assertThat(puts.stream().map(r -> r.encodedPath().substring(r.encodedPath().indexOf('/', 1) + 1)).distinct())
                .containsExactly("experiments/e/code.py", "versions/v1/codec.py");
    }

    @Test
    void ensureBucketIsIdempotent() {
        store.ensureBucket();
        store.ensureBucket();
        store.put("k", utf8("v"), "text/plain");
        assertThat(store.get("k")).isPresent();
    }

    @Test
    void failuresNameBucketAndKey() {
        var missingBucket = S3ArtifactStore.create(aws.s3(), AwsFixture.uniqueBucket(getClass()));

        assertThatThrownBy(() -> missingBucket.put("experiments/e/code.py", utf8("x"), "text/x-python"))
                .isInstanceOf(ArtifactStoreException.class)
                .hasMessageContaining("s3://" + missingBucket.bucket() + "/experiments/e/code.py")
                .hasMessageContaining("PutObject");
        assertThatThrownBy(() -> missingBucket.get("experiments/e/code.py"))
                .isInstanceOf(ArtifactStoreException.class)
                .hasMessageContaining(missingBucket.bucket());
    }
}
