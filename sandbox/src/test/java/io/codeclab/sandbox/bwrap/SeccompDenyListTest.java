package io.codeclab.sandbox.bwrap;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;

import static org.assertj.core.api.Assertions.assertThat;

class SeccompDenyListTest {

    /** Runs the filter the way the kernel would, for one (arch, nr) pair. */
    private static int evaluate(byte[] program, int arch, int nr) {
        ByteBuffer p = ByteBuffer.wrap(program).order(ByteOrder.LITTLE_ENDIAN);
        int acc = 0;
        int pc = 0;
        while (true) {
            int code = p.getShort(pc * 8) & 0xffff;
            int jt = p.get(pc * 8 + 2) & 0xff;
            int jf = p.get(pc * 8 + 3) & 0xff;
            int k = p.getInt(pc * 8 + 4);
            switch (code) {
                case 0x20 -> { acc = k == 0 ? nr : arch; pc++; }
                case 0x15 -> pc += 1 + (acc == k ? jt : jf);
                case 0x35 -> pc += 1 + (Integer.compareUnsigned(acc, k) >= 0 ? jt : jf);
                case 0x06 -> { return k; }
                default -> throw new AssertionError("unexpected BPF opcode " + code);
            }
        }
    }

    private static final int X86_64 = 0xC000003E;
    private static final int ALLOW = 0x7fff0000;
    private static final int EPERM = 0x00050001;

    @Test
    void deniesEveryListedCallWithEperm() {
        byte[] program = SeccompDenyList.x86_64();
        for (int nr : SeccompDenyList.X86_64_DENIED) {
            assertThat(evaluate(program, X86_64, nr)).as("syscall %d", nr).isEqualTo(EPERM);
        }
    }

    @Test
    void allowsEverythingElseAProgramNeeds() {
        byte[] program = SeccompDenyList.x86_64();
        var denied = new HashSet<>(SeccompDenyList.X86_64_DENIED);
        for (int nr = 0; nr < 460; nr++) {
            if (!denied.contains(nr)) {
                assertThat(evaluate(program, X86_64, nr)).as("syscall %d", nr).isEqualTo(ALLOW);
            }
        }
        // read, write, openat, mmap, clone, execve, futex, wait4, exit_group
        for (int nr : new int[] {0, 1, 257, 9, 56, 59, 202, 61, 231}) {
            assertThat(evaluate(program, X86_64, nr)).isEqualTo(ALLOW);
        }
    }

    @Test
    void refusesTheX32AbiAndKillsForeignArchitectures() {
        byte[] program = SeccompDenyList.x86_64();
        assertThat(evaluate(program, X86_64, 0x40000000 | 1)).isEqualTo(EPERM);
        assertThat(evaluate(program, 0x40000003 /* i386 */, 1)).isEqualTo(0x80000000);
    }
}
