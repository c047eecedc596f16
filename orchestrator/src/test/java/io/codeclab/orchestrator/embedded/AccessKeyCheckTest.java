package io.codeclab.orchestrator.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AccessKeyCheckTest {

    @Test
    void theAccessKeyIdIsTakenFromTheCredentialScopeOfASigV4Header() {
        assertThat(AccessKeyCheck.accessKeyId("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261201/us-east-1/dynamodb/"
                + "aws4_request, SignedHeaders=host;x-amz-date, Signature=abcdef")).contains("AKIDEXAMPLE");
        // Order of the parts does not matter; spacing after commas varies between clients.
        assertThat(AccessKeyCheck.accessKeyId("AWS4-HMAC-SHA256 SignedHeaders=host,Signature=ab,"
                + "Credential=KEY2/20261201/us-east-1/dynamodb/aws4_request")).contains("KEY2");
    }

    @Test
    void anythingElseHasNoAccessKeyId() {
        assertThat(AccessKeyCheck.accessKeyId(null)).isEmpty();
        assertThat(AccessKeyCheck.accessKeyId("")).isEmpty();
        assertThat(AccessKeyCheck.accessKeyId("AWS AKIDEXAMPLE:signature")).isEmpty(); // SigV2
        assertThat(AccessKeyCheck.accessKeyId("AWS4-HMAC-SHA256 SignedHeaders=host, Signature=ab")).isEmpty();
        assertThat(AccessKeyCheck.accessKeyId("AWS4-HMAC-SHA256 Credential=/20261201/us-east-1")).isEmpty();
        assertThat(AccessKeyCheck.accessKeyId("Bearer AWS4-HMAC-SHA256 Credential=X/1/2/3/4")).isEmpty();
    }

    @Test
    void randomCredentialsHaveTheDocumentedShapeDifferEachTimeAndPrintMasked() {
        var a = EmbeddedCredentials.random();
        var b = EmbeddedCredentials.random();
        assertThat(a.accessKeyId()).matches("[A-Z0-9]{24}").isNotEqualTo(b.accessKeyId());
        assertThat(a.secretAccessKey()).matches("[A-Za-z0-9]{40}").isNotEqualTo(b.secretAccessKey());
        assertThat(a.isAccessKeyId(a.accessKeyId())).isTrue();
        assertThat(a.isAccessKeyId(b.accessKeyId())).isFalse();
        assertThat(a.isAccessKeyId(null)).isFalse();
        assertThat(a.toString()).doesNotContain(a.accessKeyId()).doesNotContain(a.secretAccessKey())
                .startsWith("EmbeddedCredentials[accessKeyId=" + a.accessKeyId().substring(0, 4) + "****");
        assertThatThrownBy(() -> new EmbeddedCredentials("short", "x".repeat(40)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
