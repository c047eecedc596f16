package io.codeclab.sandbox.internal;

import io.codeclab.sandbox.SandboxLimits;
import io.codeclab.sandbox.SandboxOutcome;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class OutcomeClassifierTest {

    private final SandboxLimits limits = SandboxLimits.custom().wallTimeout(Duration.ofSeconds(7))
            .memoryBytes(100L << 20).outputCapBytes(4096).build();

    private SandboxOutcome classify(int exit, boolean timedOut, boolean oom, boolean output, boolean closed) {
        return OutcomeClassifier.classify(new RunFacts(exit, timedOut, oom, output, closed), limits);
    }

    @Test
    void exitZeroIsOk() {
        assertThat(classify(0, false, false, false, false)).isEqualTo(new SandboxOutcome.Ok());
    }

    @Test
    void nonZeroExitIsCrashWithoutSignal() {
        assertThat(classify(3, false, false, false, false)).isEqualTo(new SandboxOutcome.Crash(3, 0));
    }

    @Test
    void signalExitIsCrashWithTheSignal() {
        assertThat(classify(139, false, false, false, false)).isEqualTo(new SandboxOutcome.Crash(139, 11));
    }

    @Test
    void oomWinsOverTheKillExitAndOverAZeroExit() {
        assertThat(classify(137, false, true, false, false)).isEqualTo(new SandboxOutcome.OutOfMemory(100L << 20));
        // A child was OOM-killed while the parent exited 0.
        assertThat(classify(0, false, true, false, false)).isInstanceOf(SandboxOutcome.OutOfMemory.class);
    }

    @Test
    void ourTimerMakesTheKillATimeout() {
        assertThat(classify(137, true, false, false, false)).isEqualTo(new SandboxOutcome.Timeout(Duration.ofSeconds(7)));
    }

    @Test
    void outputCapWinsOverEverythingTheKillCaused() {
        assertThat(classify(137, true, true, true, false)).isEqualTo(new SandboxOutcome.OutputLimit(4096));
    }

    @Test
    void fileSizeSignalIsOutputLimit() {
        assertThat(classify(128 + 25, false, false, false, false)).isEqualTo(new SandboxOutcome.OutputLimit(4096));
    }

    @Test
    void closingMidRunIsASandboxErrorNotTheProgramsFault() {
        assertThat(classify(137, false, false, false, true)).isInstanceOf(SandboxOutcome.SandboxError.class);
    }

    @Test
    void signalOfDecodesShellExitCodes() {
        assertThat(OutcomeClassifier.signalOf(137)).isEqualTo(9);
        assertThat(OutcomeClassifier.signalOf(128)).isZero();
        assertThat(OutcomeClassifier.signalOf(1)).isZero();
        assertThat(OutcomeClassifier.signalOf(255)).isZero();
    }

    @Test
    void tooManyOutputFilesIsOutputLimitWithTheFileCapAndWinsOverTheKillExit() {
        var capped = limits.toBuilder().outputCapFiles(77).build();
        assertThat(OutcomeClassifier.classify(new RunFacts(137, false, false, false, false, true), capped))
                .isEqualTo(new SandboxOutcome.OutputFileLimit(77));
        assertThat(new SandboxOutcome.OutputFileLimit(77).status()).isEqualTo("OUTPUT_LIMIT");
        // Past both caps, bytes are reported: the first cap checked.
        assertThat(OutcomeClassifier.classify(new RunFacts(137, false, false, true, false, true), capped))
                .isEqualTo(new SandboxOutcome.OutputLimit(4096));
    }
}
