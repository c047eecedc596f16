package io.codeclab.sandbox.testing;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PreconditionsTest {

    private static final String VARIABLE = "CODEC_LAB_REQUIRE_SOMETHING";

    @Test
    void missingEnvironmentSkipsWhenNotRequired() {
        for (String value : new String[] {null, "", "0", "no"}) {
            assertThatThrownBy(() -> Preconditions.require(VARIABLE, value, Optional.of("no engine answers")))
                    .as("value %s", value)
                    .isInstanceOf(TestAbortedException.class)
                    .hasMessageContaining("no engine answers").hasMessageContaining(VARIABLE + "=1");
        }
    }

    @Test
    void missingEnvironmentFailsWhenRequired() {
        for (String value : new String[] {"1", "true", " 1 "}) {
            assertThatThrownBy(() -> Preconditions.require(VARIABLE, value, Optional.of("no engine answers")))
                    .as("value %s", value)
                    .isInstanceOf(AssertionFailedError.class)
                    .hasMessageContaining("no engine answers").hasMessageContaining("fails instead of skipping");
        }
    }

    @Test
    void presentEnvironmentNeitherSkipsNorFails() {
        assertThatCode(() -> Preconditions.require(VARIABLE, "1", Optional.empty())).doesNotThrowAnyException();
        assertThatCode(() -> Preconditions.require(VARIABLE, null, Optional.empty())).doesNotThrowAnyException();
    }
}
