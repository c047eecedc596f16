package io.codeclab.testing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class PreconditionsTest {

    /** A flag of this test alone, set as a system property, so the environment of the build does not matter. */
    private static final String FLAG = "CODEC_LAB_REQUIRE_PRECONDITIONS_TEST";

    @AfterEach
    void clearFlag() {
        System.clearProperty(FLAG);
    }

    @Test
    void aMissingPreconditionSkipsWithTheReasonWhenNotRequired() {
        assertThatThrownBy(() -> Preconditions.require(FLAG, false, () -> "no engine here"))
                .isInstanceOf(TestAbortedException.class).hasMessageContaining("no engine here")
                .hasMessageContaining("set " + FLAG + "=1");
    }

    @Test
    void aMissingPreconditionFailsWithTheReasonWhenRequired() {
        System.setProperty(FLAG, "1");
        assertThatThrownBy(() -> Preconditions.require(FLAG, false, () -> "no engine here"))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessage(FLAG + " is set, so this test must not be skipped: no engine here");
    }

    @Test
    void aPresentPreconditionNeitherSkipsNorFails() {
        System.setProperty(FLAG, "1");
        assertThatCode(() -> Preconditions.require(FLAG, true, () -> "unused")).doesNotThrowAnyException();
        System.setProperty(FLAG, "0");
        assertThatCode(() -> Preconditions.require(FLAG, true, () -> "unused")).doesNotThrowAnyException();
    }
}
