package io.codeclab.orchestrator.testing;

import io.codeclab.orchestrator.artifact.ArtifactStore;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The real artifact store, with test code run before each put: to fail it (an S3 outage), hold it (a race), or
 * move a clock (a lease running out) at an exact point of an experiment.
 */
public record HookedArtifacts(ArtifactStore delegate, Consumer<String> beforePut) implements ArtifactStore {

    @Override
    public void ensureBucket() {
        delegate.ensureBucket();
    }

    @Override
    public String put(String key, byte[] content, String contentType) {
        beforePut.accept(key);
        return delegate.put(key, content, contentType);
    }

    @Override
    public Optional<byte[]> get(String key) {
        return delegate.get(key);
    }

    @Override
    public List<String> list(String prefix) {
        return delegate.list(prefix);
    }
}
