package io.codeclab.orchestrator.embedded;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Removes the server-side encryption header from requests to the embedded S3 store, which keeps blobs
 * on the local disk and answers 501 to any SSE request. The artifact store still asks for SSE on every
 * put, so the same code requests it from real S3; only the embedded client drops it on the wire.
 */
public final class DropServerSideEncryption implements ExecutionInterceptor {

    static final String HEADER = "x-amz-server-side-encryption";

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        var request = context.httpRequest();
        return request.firstMatchingHeader(HEADER).isPresent()
                ? request.toBuilder().removeHeader(HEADER).build()
                : request;
    }
}
