package io.codeclab.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AllocationsTest {

    private static volatile byte[] sink;

    @Test
    void countsWhatTheActionAllocatedOnThisThread() {
        long big = Allocations.during(() -> sink = new byte[96 << 20]);
        long small = Allocations.during(() -> sink = new byte[1024]);
        sink = null;
        assertThat(big).isBetween(96L << 20, 97L << 20);
        assertThat(small).isBetween(1024L, 64L << 10);
    }
}
