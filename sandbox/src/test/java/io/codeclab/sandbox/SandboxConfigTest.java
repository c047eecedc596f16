package io.codeclab.sandbox;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SandboxConfigTest {

    @Test
    void runnerImageComesFromTheSharedVariableElseTheDefault() {
        assertThat(SandboxConfig.IMAGE_VARIABLE).isEqualTo("CODEC_LAB_RUNNER_IMAGE");
        assertThat(SandboxConfig.imageFrom(null)).isEqualTo("py-exec:latest");
        assertThat(SandboxConfig.imageFrom("  ")).isEqualTo("py-exec:latest");
        assertThat(SandboxConfig.imageFrom("registry.local:5000/py-exec:pkgs-1")).isEqualTo("registry.local:5000/py-exec:pkgs-1");
    }

    @Test
    void theBuilderStartsFromTheConfiguredImage() {
        assertThat(SandboxConfig.ofDefaults().image()).isEqualTo(SandboxConfig.configuredImage());
        assertThat(SandboxConfig.custom().image("other:1").build().image()).isEqualTo("other:1");
    }
}
