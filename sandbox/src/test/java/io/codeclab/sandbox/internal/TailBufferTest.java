package io.codeclab.sandbox.internal;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TailBufferTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void keepsEverythingWhileBelowCapacity() {
        var tail = new TailBuffer(8);
        tail.write(ascii("abc"), 0, 3);
        tail.write(ascii("de"), 0, 2);
        assertThat(tail.tailText()).isEqualTo("abcde");
        assertThat(tail.totalBytes()).isEqualTo(5);
    }

    @Test
    void keepsOnlyTheLastBytesAcrossManySmallWrites() {
        var tail = new TailBuffer(4);
        for (char c = 'a'; c <= 'j'; c++) {
            tail.write(new byte[] {(byte) c}, 0, 1);
        }
        assertThat(tail.tailText()).isEqualTo("ghij");
        assertThat(tail.totalBytes()).isEqualTo(10);
    }

    @Test
    void writesThatWrapAroundKeepOrder() {
        var tail = new TailBuffer(5);
        tail.write(ascii("abc"), 0, 3);
        tail.write(ascii("defg"), 0, 4);
        assertThat(tail.tailText()).isEqualTo("cdefg");
    }

    @Test
    void oneWriteLargerThanCapacityKeepsItsEnd() {
        var tail = new TailBuffer(4);
        tail.write(ascii("xy"), 0, 2);
        tail.write(ascii("0123456789"), 2, 8);
        assertThat(tail.tailText()).isEqualTo("6789");
        assertThat(tail.totalBytes()).isEqualTo(10);
        tail.write(ascii("ab"), 0, 2);
        assertThat(tail.tailText()).isEqualTo("89ab");
    }

    @Test
    void aCharacterCutAtTheStartBecomesReplacement() {
        var tail = new TailBuffer(3);
        byte[] euro = "€x".getBytes(StandardCharsets.UTF_8); // 3 bytes + 1
        tail.write(euro, 0, euro.length);
        assertThat(tail.tailText()).isEqualTo("\uFFFD\uFFFDx");
    }

    @Test
    void rejectsNonPositiveCapacity() {
        assertThatThrownBy(() -> new TailBuffer(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
