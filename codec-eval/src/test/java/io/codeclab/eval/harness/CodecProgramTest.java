package io.codeclab.eval.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CodecProgramTest {

    @Test
    void sha256IsTheDigestOfTheUtf8Source() {
        // FIPS 180-2 test vector for "abc"
        assertThat(new CodecProgram("abc").sha256())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        // UTF-8, not the platform charset: "é" is the two bytes c3 a9 (value from Python's hashlib)
        assertThat(new CodecProgram("\u00e9").sha256())
                .isEqualTo("4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c");
    }

    @Test
    void sha256IsLowerCaseHexAndDependsOnEveryByte() {
        var a = new CodecProgram("def encode(frames, quality):\n    return b'x'\n");
        var b = new CodecProgram("def encode(frames, quality):\n    return b'y'\n");

        assertThat(a.sha256()).hasSize(64).matches("[0-9a-f]{64}");
        assertThat(a.sha256()).isNotEqualTo(b.sha256());
        assertThat(a.sha256()).isEqualTo(new CodecProgram(a.source()).sha256());
    }

    @Test
    void emptyOrBlankSourceIsRejected() {
        assertThatThrownBy(() -> new CodecProgram("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> new CodecProgram(" \n\t")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CodecProgram(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("source");
    }
}
