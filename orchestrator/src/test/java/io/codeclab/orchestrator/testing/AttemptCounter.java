package io.codeclab.orchestrator.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/** Counts the HTTP attempts an SDK client makes and keeps the requests it sent, as the SDK saw them. */
public final class AttemptCounter implements ExecutionInterceptor {

    private final AtomicInteger attempts = new AtomicInteger();
    private final List<SdkHttpRequest> requests = new CopyOnWriteArrayList<>();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes executionAttributes) {
        attempts.incrementAndGet();
        requests.add(context.httpRequest());
    }

    public int attempts() {
        return attempts.get();
    }

    public List<SdkHttpRequest> requests() {
        return List.copyOf(requests);
    }

    public void reset() {
        attempts.set(0);
        requests.clear();
    }
}
