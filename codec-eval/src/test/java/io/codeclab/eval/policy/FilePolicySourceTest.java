package io.codeclab.eval.policy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FilePolicySourceTest {

    @TempDir
    Path dir;

    private final Logger logger = (Logger) LoggerFactory.getLogger(FilePolicySource.class);
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
        return Policy.bundled().json().replace("\"version\": \"2026-11-23.1\"", "\"version\": \"" + version + "\"");
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
