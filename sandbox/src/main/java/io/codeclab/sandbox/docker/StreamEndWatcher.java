package io.codeclab.sandbox.docker;

import com.github.dockerjava.api.async.ResultCallback;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Signals the end of a stream through its own latch: docker-java's {@code awaitCompletion(timeout)}
 * interrupts the reading thread when it times out, which kills the stream (seen with 3.7.1).
 */
class StreamEndWatcher<T> extends ResultCallback.Adapter<T> {
    private final CountDownLatch end = new CountDownLatch(1);
    private volatile Throwable failure;

    @Override
    public void onError(Throwable throwable) {
        failure = throwable;
        end.countDown();
        super.onError(throwable);
    }

    @Override
    public void onComplete() {
        end.countDown();
        super.onComplete();
    }

    boolean ended(long millis) throws InterruptedException {
        return end.await(millis, TimeUnit.MILLISECONDS);
    }

    Throwable failure() {
        return failure;
    }
}
