package io.codeclab.sandbox.bwrap;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A classic-BPF seccomp filter for bwrap's {@code --seccomp}: system calls a codec program never needs and
 * that widen the kernel's attack surface (module loading, mounts, namespaces, keyrings, BPF, perf,
 * userfaultfd, io_uring, ptrace...) fail with EPERM, as under Docker's default profile. x86_64 only: on
 * other architectures (and for the x32 ABI) there is no list, and {@link #forThisMachine()} is empty.
 */
final class SeccompDenyList {

    private static final int AUDIT_ARCH_X86_64 = 0xC000003E;
    private static final int X32_SYSCALL_BIT = 0x40000000;
    private static final int EPERM = 1;

    private static final int BPF_LD_W_ABS = 0x20;
    private static final int BPF_JMP_JEQ_K = 0x15;
    private static final int BPF_JMP_JGE_K = 0x35;
    private static final int BPF_RET_K = 0x06;
    private static final int SECCOMP_RET_ALLOW = 0x7fff0000;
    private static final int SECCOMP_RET_ERRNO = 0x00050000;
    private static final int SECCOMP_RET_KILL_PROCESS = 0x80000000;
    private static final int OFFSET_NR = 0;
    private static final int OFFSET_ARCH = 4;

    /** x86_64 numbers from asm/unistd_64.h. */
    static final List<Integer> X86_64_DENIED = List.of(
            101, // ptrace
            310, 311, // process_vm_readv, process_vm_writev
            246, 320, // kexec_load, kexec_file_load
            175, 313, 176, // init_module, finit_module, delete_module
            165, 166, 155, // mount, umount2, pivot_root
            428, 429, 430, 431, 432, 433, 442, // open_tree, move_mount, fsopen, fsconfig, fsmount, fspick, mount_setattr
            167, 168, 169, // swapon, swapoff, reboot
            170, 171, 163, // sethostname, setdomainname, acct
            321, 298, 323, // bpf, perf_event_open, userfaultfd
            248, 249, 250, // add_key, request_key, keyctl
            272, 308, // unshare, setns
            303, 304, // name_to_handle_at, open_by_handle_at
            425, 426, 427, // io_uring_setup, io_uring_enter, io_uring_register
            212, 179, 180, 153, 103, // lookup_dcookie, quotactl, nfsservctl, vhangup, syslog
            172, 173, // iopl, ioperm
            174, 177, 178, 134, 136, 139, 156, // obsolete: create_module ... _sysctl
            305, 227, 164, 159, // clock_adjtime, clock_settime, settimeofday, adjtimex
            312, 300); // kcmp, fanotify_init

    private SeccompDenyList() {
    }

    static Optional<byte[]> forThisMachine() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return arch.equals("amd64") || arch.equals("x86_64") ? Optional.of(x86_64()) : Optional.empty();
    }

    /** The filter program as struct sock_filter[] in native (little-endian) order. */
    static byte[] x86_64() {
        var program = new ArrayList<int[]>();
        program.add(insn(BPF_LD_W_ABS, 0, 0, OFFSET_ARCH));
        // Another architecture's numbers mean other calls: refuse to guess.
        program.add(insn(BPF_JMP_JEQ_K, 1, 0, AUDIT_ARCH_X86_64));
        program.add(insn(BPF_RET_K, 0, 0, SECCOMP_RET_KILL_PROCESS));
        program.add(insn(BPF_LD_W_ABS, 0, 0, OFFSET_NR));
        int denyIndex = program.size() + 1 + X86_64_DENIED.size() + 1;
        program.add(insn(BPF_JMP_JGE_K, denyIndex - program.size() - 1, 0, X32_SYSCALL_BIT));
        for (int nr : X86_64_DENIED) {
            program.add(insn(BPF_JMP_JEQ_K, denyIndex - program.size() - 1, 0, nr));
        }
        program.add(insn(BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW));
        program.add(insn(BPF_RET_K, 0, 0, SECCOMP_RET_ERRNO | EPERM));
        var out = ByteBuffer.allocate(program.size() * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int[] i : program) {
            out.putShort((short) i[0]).put((byte) i[1]).put((byte) i[2]).putInt(i[3]);
        }
        return out.array();
    }

    private static int[] insn(int code, int jt, int jf, int k) {
        if (jt > 255 || jf > 255) {
            throw new IllegalStateException("seccomp jump too far: " + jt + "/" + jf);
        }
        return new int[] {code, jt, jf, k};
    }
}
