package io.codeclab.orchestrator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.codeclab.eval.policy.Policy;
import io.codeclab.eval.policy.PolicySource;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LoggingPolicySourceTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(LoggingPolicySource.class);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void captureLogs() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        logger.detachAppender(logs);
    }

    private List<String> infoMessages() {
        return logs.list.stream().filter(e -> e.getLevel() == Level.INFO).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    @Test
    void logsTheFirstCheckAndThenOncePerVersionChange() {
        var v1 = Policy.fromJson("ssm:/codec-lab/policy", PolicyDocuments.bundledWithVersion("v1"));
        var v2 = Policy.fromJson("ssm:/codec-lab/policy", PolicyDocuments.bundledWithVersion("v2"));
        var inForce = new AtomicReference<>(v1);
        var source = LoggingPolicySource.of(inForce::get);

        assertThat(source.current()).isSameAs(v1);
        assertThat(source.current()).isSameAs(v1);
        assertThat(infoMessages()).containsExactly("policy v1 from ssm:/codec-lab/policy in use");

        inForce.set(v2);
        assertThat(source.current()).isSameAs(v2);
        assertThat(source.current()).isSameAs(v2);
        assertThat(source.current()).isSameAs(v2);
        inForce.set(v1);
        assertThat(source.current()).isSameAs(v1);

        assertThat(infoMessages()).containsExactly(
                "policy v1 from ssm:/codec-lab/policy in use",
                "policy v2 from ssm:/codec-lab/policy in use",
                "policy v1 from ssm:/codec-lab/policy in use");
    }

    @Test
    void namesTheSourceOfTheBundledPolicy() {
        var source = LoggingPolicySource.of(PolicySource.bundled());

        var policy = source.current();

        assertThat(infoMessages()).containsExactly("policy " + policy.version() + " from bundled:default-policy.json in use");
    }

    @Test
    void closeClosesAClosableDelegateOnly() {
        var closed = new AtomicBoolean();
        class ClosableSource implements PolicySource, AutoCloseable {
            @Override
            public Policy current() {
                return Policy.bundled();
            }

            @Override
            public void close() {
                closed.set(true);
            }
        }

        LoggingPolicySource.of(new ClosableSource()).close();
        LoggingPolicySource.of(PolicySource.bundled()).close();

        assertThat(closed).isTrue();
    }
}
