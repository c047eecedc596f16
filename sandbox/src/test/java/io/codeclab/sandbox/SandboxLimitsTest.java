package io.codeclab.sandbox;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SandboxLimitsTest {

    @Test
    void outputCapsDefaultTo256MibAndAThousandFiles() {
        assertThat(SandboxLimits.ofDefaults().outputCapBytes()).isEqualTo(256L << 20);
        assertThat(SandboxLimits.ofDefaults().outputCapFiles()).isEqualTo(1000);
    }

    @Test
    void aCallerSetsBothOutputCapsPerRunAndToBuilderKeepsThem() {
        var decoder = SandboxLimits.ofDefaults().toBuilder().outputCapBytes(1_900_000_000L).outputCapFiles(4).build();
        assertThat(decoder.outputCapBytes()).isEqualTo(1_900_000_000L);
        assertThat(decoder.outputCapFiles()).isEqualTo(4);
        assertThat(decoder.toBuilder().build()).isEqualTo(decoder).isNotEqualTo(SandboxLimits.ofDefaults());
        assertThat(decoder.toString()).contains("outputCapFiles=4");
    }

    @Test
    void aFileCapBelowOneIsRefused() {
        assertThatThrownBy(() -> SandboxLimits.custom().outputCapFiles(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outputCapFiles must be at least 1");
    }
}
