package io.codeclab.orchestrator.embedded;

import java.util.Optional;
import java.util.UUID;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Lets through to DynamoDB Local only requests signed (SigV4) with this data directory's access key id.
 * DynamoDB Local itself accepts any signature. The key id is drawn at random per owner and readable only
 * by the owner's user (see {@link EmbeddedCredentials}), and loopback traffic cannot be read by other
 * users, so checking it shuts out every other local user without re-computing signatures.
 *
 * <p>Refusals look like AWS's own for an unknown key (400 {@code UnrecognizedClientException}), so SDK
 * clients report them as such and do not retry them.
 */
final class AccessKeyCheck extends Handler.Wrapper {

    static final String ERROR_TYPE = "com.amazonaws.dynamodb.v20120810#UnrecognizedClientException";
    private static final String SIGV4 = "AWS4-HMAC-SHA256";

    private final EmbeddedCredentials credentials;

    AccessKeyCheck(EmbeddedCredentials credentials, Handler next) {
        super(next);
        this.credentials = credentials;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        var presented = accessKeyId(request.getHeaders().get(HttpHeader.AUTHORIZATION));
        if (presented.isPresent() && credentials.isAccessKeyId(presented.get())) {
            return super.handle(request, response, callback);
        }
        String reason = presented.isEmpty()
                ? "The request is not signed with AWS Signature Version 4; this embedded DynamoDB accepts only "
                        + "the credentials in its data directory's embedded.json."
                : "The security token included in the request is invalid: this embedded DynamoDB accepts only the "
                        + "credentials in its data directory's embedded.json.";
        response.setStatus(400);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/x-amz-json-1.0");
        response.getHeaders().put("x-amzn-RequestId", UUID.randomUUID().toString());
        Content.Sink.write(response, true, "{\"__type\":\"" + ERROR_TYPE + "\",\"message\":\"" + reason + "\"}", callback);
        return true;
    }

    /**
     * The access key id of a SigV4 {@code Authorization} header
     * ({@code AWS4-HMAC-SHA256 Credential=AKID/date/region/service/aws4_request, SignedHeaders=..., Signature=...}).
     */
    static Optional<String> accessKeyId(String authorization) {
        if (authorization == null || !authorization.startsWith(SIGV4 + " ")) {
            return Optional.empty();
        }
        for (String part : authorization.substring(SIGV4.length() + 1).split(",")) {
            String p = part.strip();
            if (p.startsWith("Credential=")) {
                String scope = p.substring("Credential=".length());
                int slash = scope.indexOf('/');
                return slash > 0 ? Optional.of(scope.substring(0, slash)) : Optional.empty();
            }
        }
        return Optional.empty();
    }
}
