package io.codeclab.eval.policy;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyVerdictTest {

    @Test
    void acceptedExactlyWhenThereAreNoViolations() {
        var violation = new Violation(1, 1, "denied-builtin", "no");

        assertThatThrownBy(() -> new PolicyVerdict(true, "v", List.of(violation)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PolicyVerdict(false, "v", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void violationsAreCopied() {
        var list = new ArrayList<Violation>();
        list.add(new Violation(2, 3, "dunder-name", "m"));
        var verdict = new PolicyVerdict(false, "v", list);
        list.clear();

        assertThat(verdict.violations()).hasSize(1);
        assertThat(verdict.feedback()).isEqualTo("rejected by policy v:\n2:3 dunder-name: m");
    }

    @Test
    void violationPositionsAreOneBased() {
        assertThatThrownBy(() -> new Violation(0, 1, "r", "m")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Violation(1, 0, "r", "m")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Violation(1, 1, " ", "m")).isInstanceOf(IllegalArgumentException.class);
    }
}
