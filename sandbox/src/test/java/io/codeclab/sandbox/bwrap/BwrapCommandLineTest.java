package io.codeclab.sandbox.bwrap;

import io.codeclab.sandbox.SandboxLimits;
import io.codeclab.sandbox.SandboxTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class BwrapCommandLineTest {

    private static final HostTools TOOLS = new HostTools("/bin/sh", "/usr/bin/unshare", "/bin/mount",
            "/usr/bin/prlimit", "/usr/bin/setpriv", "/usr/bin/bwrap");

    @TempDir
    Path tmp;

    private List<String> argv(boolean withInput) throws Exception {
        Path code = Files.createDirectories(tmp.resolve("code"));
        Path out = Files.createDirectories(tmp.resolve("out"));
        var builder = SandboxTask.python(code, "main.py", "--flag").outputDir(out)
                .limits(SandboxLimits.custom().cpus(2).tmpfsBytes(8L << 20).outputCapBytes(1L << 20).build());
        if (withInput) {
            builder.inputDir(Files.createDirectories(tmp.resolve("in")));
        }
        return new BwrapCommandLine(TOOLS, Path.of("/run/x/mnt"), List.of("bin=usr/bin", "lib=usr/lib"),
                List.of("/etc/ld.so.cache", "/etc/alternatives"), Optional.of(Path.of("/run/x/seccomp.bpf")))
                .build(builder.build(), Path.of("/run/x/status/r.json"));
    }

    private static List<String> after(List<String> argv, String program) {
        return argv.subList(argv.indexOf(program) + 1, argv.size());
    }

    private static boolean hasSequence(List<String> argv, String... seq) {
        return Collections.indexOfSubList(argv, List.of(seq)) >= 0;
    }

    @Test
    void dropsToNobodyWithoutGroupsOrNewPrivilegesBeforeBwrap() throws Exception {
        var argv = argv(false);
        assertThat(argv.indexOf("/usr/bin/setpriv")).isLessThan(argv.indexOf("/usr/bin/bwrap"));
        assertThat(after(argv, "/usr/bin/setpriv")).startsWith("--reuid=65534", "--regid=65534",
                "--clear-groups", "--no-new-privs", "/usr/bin/bwrap");
    }

    @Test
    void unsharesEverythingAndDropsCapabilities() throws Exception {
        var bwrap = after(argv(false), "/usr/bin/bwrap");
        assertThat(bwrap).contains("--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent",
                "--new-session", "--clearenv");
        assertThat(hasSequence(bwrap, "--cap-drop", "ALL")).isTrue();
        assertThat(bwrap).doesNotContain("--share-net", "--bind /", "--dev-bind");
    }

    @Test
    void rootIsReadOnlyWithOnlyUsrAndChosenEtcFilesOfTheHost() throws Exception {
        var bwrap = after(argv(false), "/usr/bin/bwrap");
        assertThat(hasSequence(bwrap, "--ro-bind", "/usr", "/usr")).isTrue();
        assertThat(hasSequence(bwrap, "--ro-bind", "/etc/ld.so.cache", "/etc/ld.so.cache")).isTrue();
        assertThat(hasSequence(bwrap, "--ro-bind", "/etc/alternatives", "/etc/alternatives")).isTrue();
        assertThat(hasSequence(bwrap, "--ro-bind", "/etc", "/etc")).isFalse();
        assertThat(hasSequence(bwrap, "--symlink", "usr/bin", "/bin")).isTrue();
        assertThat(hasSequence(bwrap, "--remount-ro", "/")).isTrue();
        assertThat(hasSequence(bwrap, "--ro-bind", "/", "/")).isFalse();
    }

    @Test
    void tmpIsASmallNoexecNosuidTmpfsMountedWhileRootAndBoundAsIs() throws Exception {
        var argv = argv(false);
        var mounts = argv.subList(argv.indexOf("/usr/bin/unshare"), argv.indexOf("/usr/bin/prlimit"));
        // Like Docker's tmpfs: bwrap's own --tmpfs takes a size but no noexec/nosuid, so it is not used.
        assertThat(hasSequence(mounts, "noexec,nosuid,nodev,mode=1777,size=" + (8L << 20), "/run/x/mnt/tmp")).isTrue();
        assertThat(BwrapCommandLine.MOUNT_SCRIPT).contains("mount -t tmpfs -o \"$1\" codec-lab-tmp \"$2\"");
        var bwrap = after(argv, "/usr/bin/bwrap");
        assertThat(hasSequence(bwrap, "--bind", "/run/x/mnt/tmp", "/tmp")).isTrue();
        assertThat(bwrap).doesNotContain("--tmpfs");
    }

    @Test
    void codeAndInputReadOnlyOutputWritable() throws Exception {
        var bwrap = after(argv(true), "/usr/bin/bwrap");
        assertThat(hasSequence(bwrap, "--ro-bind", "/run/x/mnt/code", "/code")).isTrue();
        assertThat(hasSequence(bwrap, "--ro-bind", "/run/x/mnt/input", "/input")).isTrue();
        assertThat(hasSequence(bwrap, "--bind", "/run/x/mnt/output", "/output")).isTrue();
        var withoutInput = after(argv(false), "/usr/bin/bwrap");
        assertThat(hasSequence(withoutInput, "--dir", "/input")).isTrue();
        assertThat(withoutInput).doesNotContain("/run/x/mnt/input");
    }

    @Test
    void fixedEnvironmentPinnedToTheGrantedCpus() throws Exception {
        var bwrap = after(argv(false), "/usr/bin/bwrap");
        assertThat(hasSequence(bwrap, "--setenv", "PATH", "/usr/bin:/bin")).isTrue();
        assertThat(hasSequence(bwrap, "--setenv", "OMP_NUM_THREADS", "2")).isTrue();
        assertThat(hasSequence(bwrap, "--setenv", "OPENBLAS_NUM_THREADS", "2")).isTrue();
        assertThat(hasSequence(bwrap, "--setenv", "PYTHONDONTWRITEBYTECODE", "1")).isTrue();
        assertThat(bwrap.stream().filter("--setenv"::equals).count()).isEqualTo(8);
    }

    @Test
    void seccompFilterIsOpenedWhileRootAndHandedToBwrap() throws Exception {
        var argv = argv(false);
        assertThat(hasSequence(argv, "/run/x/status/r.json", "/run/x/seccomp.bpf")).isTrue();
        assertThat(BwrapCommandLine.MOUNT_SCRIPT).contains("exec 4<");
        assertThat(hasSequence(after(argv, "/usr/bin/bwrap"), "--seccomp", "4")).isTrue();
    }

    @Test
    void noCoreDumpsAndFileSizeCappedAtTheOutputCap() throws Exception {
        assertThat(after(argv(false), "/usr/bin/prlimit")).startsWith("--core=0", "--fsize=" + ((1L << 20) + 1));
    }

    @Test
    void programComesLastAfterADoubleDash() throws Exception {
        var argv = argv(false);
        assertThat(argv.subList(argv.size() - 4, argv.size()))
                .containsExactly("--", "/usr/bin/python3", "/code/main.py", "--flag");
    }

    @Test
    void waitsForTheGoSignalBeforeAnythingElse() throws Exception {
        var argv = argv(false);
        assertThat(argv.subList(0, 3)).containsExactly("/bin/sh", "-c", BwrapCommandLine.GATE_SCRIPT);
    }
}
