package io.codeclab.orchestrator.policy;

import io.codeclab.eval.policy.Policy;
import io.codeclab.eval.policy.PolicySource;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs {@code policy <version> from <source> in use} at INFO for the first check and whenever the version used
 * for a check differs from the previous check's, so the log says which policy judged which programs.
 * (The reloading sources log when they load a document; this logs when it starts being used.)
 *
 * <p>Closing it closes the wrapped source when that is {@link AutoCloseable} (an SSM source owns a client).
 */
public final class LoggingPolicySource implements PolicySource, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LoggingPolicySource.class);

    private final PolicySource delegate;
    private final AtomicReference<String> lastVersion = new AtomicReference<>();

    private LoggingPolicySource(PolicySource delegate) {
        this.delegate = delegate;
    }

    public static LoggingPolicySource of(PolicySource delegate) {
        return new LoggingPolicySource(Objects.requireNonNull(delegate, "delegate"));
    }

    @Override
    public Policy current() {
        Policy policy = delegate.current();
        String previous = lastVersion.getAndSet(policy.version());
        if (!policy.version().equals(previous)) {
            LOG.info("policy {} from {} in use", policy.version(), policy.source());
        }
        return policy;
    }

    @Override
    public void close() {
        if (delegate instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("closing the policy source failed", e);
            }
        }
    }
}
