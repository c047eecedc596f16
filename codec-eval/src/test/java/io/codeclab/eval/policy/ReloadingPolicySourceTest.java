package io.codeclab.eval.policy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.codeclab.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReloadingPolicySourceTest {

    @TempDir
    Path dir;

    private final Logger logger = (Logger) LoggerFactory.getLogger(ReloadingPolicySource.class);
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

    private static String policyJson(String version) {
        return Policy.bundled().json().replace("\"version\": \"2026-12-01.1\"", "\"version\": \"" + version + "\"");
    }

    private List<String> messages(Level level) {
        return logs.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void changedFileIsPickedUpAndLoggedOncePerChange() throws IOException {
        Path file = dir.resolve("policy.json");
        Files.writeString(file, policyJson("v1"));
        PolicySource source = PolicySource.watching(file);

        assertThat(source.current().version()).isEqualTo("v1");
        assertThat(source.current().version()).isEqualTo("v1");
        Files.writeString(file, policyJson("v2"));
        assertThat(source.current().version()).isEqualTo("v2");
        assertThat(source.current().version()).isEqualTo("v2");

        assertThat(messages(Level.INFO)).hasSize(2);
        assertThat(messages(Level.INFO).get(0)).startsWith("policy version v1 loaded from " + file);
        assertThat(messages(Level.INFO).get(1)).startsWith("policy version v2 loaded from " + file);
    }

    @Test
    void brokenFileKeepsTheLastGoodPolicyAndLogsAnErrorOnce() throws IOException {
        Path file = dir.resolve("policy.json");
        Files.writeString(file, policyJson("good"));
        PolicySource source = PolicySource.watching(file);

        Files.writeString(file, "{\"schemaVersion\": 1, \"version\": \"broken\"}");
        assertThat(source.current().version()).isEqualTo("good");
        assertThat(source.current().version()).isEqualTo("good");
        Files.delete(file);
        assertThat(source.current().version()).isEqualTo("good");
        Files.writeString(file, policyJson("fixed"));
        assertThat(source.current().version()).isEqualTo("fixed");

        assertThat(messages(Level.ERROR)).hasSize(2);
        assertThat(messages(Level.ERROR).get(0)).contains("field imports").contains("keeping policy version good");
        assertThat(messages(Level.ERROR).get(1)).contains("cannot be read").contains("keeping policy version good");
    }

    @Test
    void anyFetcherWorksLikeAFileAndFailuresKeepTheLastGoodPolicy() {
        var parameter = new AtomicReference<byte[]>(policyJson("ssm-1").getBytes(StandardCharsets.UTF_8));
        var failing = new AtomicBoolean(false);
        PolicySource source = ReloadingPolicySource.of("ssm:/codec-lab/policy", () -> {
            if (failing.get()) {
                throw new IOException("ThrottlingException: rate exceeded");
            }
            return parameter.get();
        });

        parameter.set(policyJson("ssm-2").getBytes(StandardCharsets.UTF_8));
        assertThat(source.current().version()).isEqualTo("ssm-2");
        failing.set(true);
        assertThat(source.current().version()).isEqualTo("ssm-2");
        assertThat(source.current().source()).isEqualTo("ssm:/codec-lab/policy");

        assertThat(messages(Level.INFO)).hasSize(2);
        assertThat(messages(Level.INFO).get(1)).startsWith("policy version ssm-2 loaded from ssm:/codec-lab/policy");
        assertThat(messages(Level.ERROR)).singleElement().asString().contains("ThrottlingException")
                .contains("keeping policy version ssm-2");
    }

    @Test
    void minIntervalLimitsHowOftenTheFetcherIsCalled() {
        var clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
        var fetches = new AtomicInteger();
        var parameter = new AtomicReference<byte[]>(policyJson("a").getBytes(StandardCharsets.UTF_8));
        PolicySource source = ReloadingPolicySource.of("ssm:/p", () -> {
            fetches.incrementAndGet();
            return parameter.get();
        }, Duration.ofMinutes(1), clock);

        parameter.set(policyJson("b").getBytes(StandardCharsets.UTF_8));
        clock.advance(Duration.ofSeconds(59));
        assertThat(source.current().version()).isEqualTo("a");
        clock.advance(Duration.ofSeconds(1));
        assertThat(source.current().version()).isEqualTo("b");
        assertThat(source.current().version()).isEqualTo("b");

        assertThat(fetches.get()).isEqualTo(2);
    }

    @Test
    void unusableFileAtStartIsAnException() throws IOException {
        Path file = dir.resolve("policy.json");
        Files.writeString(file, "{}");

        assertThatThrownBy(() -> PolicySource.watching(file)).isInstanceOf(PolicyException.class)
                .hasMessageContaining(file.toString());
        assertThatThrownBy(() -> PolicySource.watching(dir.resolve("missing.json")))
                .isInstanceOf(PolicyException.class);
    }

    @Test
    void fixedAndBundledSourcesNeverChange() {
        Policy policy = Policy.fromJson("mem", policyJson("mem-1"));

        assertThat(PolicySource.fixed(policy).current()).isSameAs(policy);
        assertThat(PolicySource.bundled().current()).isEqualTo(Policy.bundled());
    }
}
