package io.codeclab.orchestrator.execlog;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeclab.eval.harness.EvaluationFailure;
import io.codeclab.sandbox.SandboxOutcome;
import io.codeclab.sandbox.SandboxResult;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Failures are classified by the sandbox's outcome and the exception's type, never by words in a message. */
class ClassificationTest {

    private static SandboxResult result(SandboxOutcome outcome, String stderr) {
        return new SandboxResult(outcome, 1, Duration.ofSeconds(1), Duration.ofSeconds(1), 0, "", stderr, "bwrap");
    }

    @Test
    void aNameErrorWhoseMessageSaysTimeoutIsANameError() {
        var c = Classification.of("smoke", result(new SandboxOutcome.Crash(1, 0),
                "Traceback (most recent call last):\n  File \"x.py\", line 2\nNameError: name 'timeout' is not defined\n"));
        assertThat(c.exceptionType()).isEqualTo("NameError");
        assertThat(c.status()).isEqualTo("CRASH");
        assertThat(c.message()).isEqualTo("name 'timeout' is not defined");
        assertThat(c.limit()).isEmpty();
        assertThat(MessageNormalizer.normalize(c.message())).isEqualTo("name <id> is not defined");
    }

    @Test
    void aTimeoutIsATimeoutWhateverTheProgramPrinted() {
        var c = Classification.of("search", result(new SandboxOutcome.Timeout(Duration.ofMillis(1500)),
                "NameError: name 'x' is not defined\nOOM\n"));
        assertThat(c.exceptionType()).isEqualTo("TIMEOUT");
        assertThat(c.limit()).isEqualTo("wall clock 1.5 s");
        assertThat(c.passed()).isFalse();
    }

    @Test
    void anOutOfMemoryNamesItsLimitAndAnOkRunPasses() {
        var oom = Classification.of("smoke", result(new SandboxOutcome.OutOfMemory(256L << 20), "Killed"));
        assertThat(oom.exceptionType()).isEqualTo("OOM");
        assertThat(oom.limit()).isEqualTo("memory 256 MiB");
        var ok = Classification.of("smoke", result(new SandboxOutcome.Ok(), "timeout\nNameError: x"));
        assertThat(ok.passed()).isTrue();
        assertThat(ok.exceptionType()).isEmpty();
    }

    @Test
    void anEvaluationCheckKeepsItsKindAndAStatusKindKeepsItsStatus() {
        var check = Classification.of(new EvaluationFailure("smoke", "WRONG_SHAPE", "decode returned (2, 4, 3)", ""));
        assertThat(check.exceptionType()).isEqualTo("WRONG_SHAPE");
        assertThat(check.status()).isEqualTo("CHECK");
        var status = Classification.of(new EvaluationFailure("search", "TIMEOUT", "ran too long", ""));
        assertThat(status.status()).isEqualTo("TIMEOUT");
    }
}
