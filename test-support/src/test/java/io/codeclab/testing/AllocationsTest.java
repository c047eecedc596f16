package io.codeclab.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class AllocationsTest {

    private static volatile byte[] sink;

    private static Allocations.Refusal allocateThenRefuse(int bytes) {
        return Allocations.refusal(() -> {
            sink = new byte[bytes];
            throw new IllegalStateException("refused after " + bytes);
        });
    }

    @Test
    void countsWhatTheActionAllocatedOnThisThreadBeforeItThrew() {
        var big = allocateThenRefuse(96 << 20);
        var small = allocateThenRefuse(1024);
        sink = null;
        assertThat(big.thrown()).hasMessage("refused after " + (96 << 20));
        assertThat(big.allocatedBytes()).isBetween(96L << 20, 97L << 20);
        assertThat(small.allocatedBytes()).isBetween(1024L, 64L << 10);
    }

    @Test
    void anActionThatReturnsNormallyFailsTheTest() {
        assertThatThrownBy(() -> Allocations.refusal(() -> sink = new byte[8]))
                .isInstanceOf(AssertionFailedError.class).hasMessageContaining("expected a refusal");
    }
}
