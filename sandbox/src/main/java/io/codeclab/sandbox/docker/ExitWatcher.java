package io.codeclab.sandbox.docker;

import com.github.dockerjava.api.model.WaitResponse;
import io.codeclab.sandbox.SandboxException;

/** The container's exit from the engine's wait endpoint. */
final class ExitWatcher extends StreamEndWatcher<WaitResponse> {
    private volatile Integer statusCode;

    @Override
    public void onNext(WaitResponse response) {
        statusCode = response.getStatusCode();
    }

    void requireExit() {
        if (statusCode == null) {
            throw new SandboxException("waiting for the container ended without its exit status"
                    + (failure() == null ? "" : ": " + failure()), failure());
        }
    }
}
