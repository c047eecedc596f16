package io.codeclab.sandbox.bwrap;

import io.codeclab.sandbox.SandboxLimits;
import io.codeclab.sandbox.SandboxTask;
import io.codeclab.sandbox.internal.HostDirectories;
import io.codeclab.sandbox.internal.SandboxEnvironment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the argument vector of one bubblewrap run. It is a chain of small programs, each exec'ing the
 * next, so that every limit is in place before untrusted code starts:
 * <ol>
 *   <li>{@code sh} waits for "go" on stdin: meanwhile the JVM moves it into the run's cgroup;</li>
 *   <li>{@code unshare --mount} (still root) opens the status file as fd 3, mounts the run's {@code /tmp}
 *       (a tmpfs with noexec, nosuid, nodev and a size: bwrap's own {@code --tmpfs} takes no mount options)
 *       and bind-mounts the task's directories onto fixed, world-traversable mount points in a private
 *       mount namespace, so the unprivileged bwrap can reach them whatever the permissions of their parent
 *       directories;</li>
 *   <li>{@code prlimit}: no core dumps, no file larger than the output cap;</li>
 *   <li>{@code setpriv}: uid/gid 65534, no supplementary groups, no_new_privs;</li>
 *   <li>{@code bwrap}: new user, mount, pid, net, ipc, uts and cgroup namespaces, no capabilities,
 *       read-only root with only /usr and a few files of /etc from the host, fixed environment.</li>
 * </ol>
 */
final class BwrapCommandLine {

    static final String GATE_SCRIPT = "read -r go && [ \"$go\" = go ] || exit 125; exec \"$@\" </dev/null";
    static final String MOUNT_SCRIPT = "set -e; exec 3>\"$1\"; shift; "
            + "if [ \"$1\" != - ]; then exec 4<\"$1\"; fi; shift; "
            + "mount -t tmpfs -o \"$1\" codec-lab-tmp \"$2\"; shift 2; "
            + "while [ \"$1\" != -- ]; do mount --bind \"$1\" \"$2\"; shift 2; done; shift; exec \"$@\"";

    /** bwrap binds this mount as is (adding nosuid), so the program's /tmp keeps every option. */
    static final String TMP_OPTIONS = "noexec,nosuid,nodev,mode=1777,size=";

    private final HostTools tools;
    private final Path mountPoints;
    private final List<String> rootLinks;
    private final List<String> etcEntries;
    /** The compiled seccomp filter, or null where there is none for this architecture. */
    private final Path seccompFilter;

    /**
     * @param tools       absolute paths of the helper programs
     * @param mountPoints directory holding the empty {@code code}, {@code input}, {@code output}, {@code tmp} mount points
     * @param rootLinks   top-level entries of the host root that are symlinks into /usr (merged /usr),
     *                    as {@code name=target} pairs, recreated inside the sandbox
     * @param seccompFilter a file holding the compiled seccomp filter (opened as fd 4 while still root)
     * @param etcEntries  absolute paths under /etc bound read-only (the dynamic loader's cache, the BLAS
     *                    alternatives, Python's configuration...): not the whole of /etc, which may hold
     *                    world-readable configuration of the host
     */
    BwrapCommandLine(HostTools tools, Path mountPoints, List<String> rootLinks, List<String> etcEntries,
                     Optional<Path> seccompFilter) {
        this.tools = tools;
        this.mountPoints = mountPoints;
        this.rootLinks = List.copyOf(rootLinks);
        this.etcEntries = List.copyOf(etcEntries);
        this.seccompFilter = seccompFilter.orElse(null);
    }

    /**
     * One byte past the output cap: Python ignores SIGXFSZ and gets EFBIG instead, so the file stops at
     * cap+1 bytes and the size check after the run sees the cap exceeded.
     */
    static long fileSizeLimit(SandboxLimits limits) {
        return limits.outputCapBytes() + 1;
    }

    List<String> build(SandboxTask task, Path statusFile) {
        SandboxLimits limits = task.limits();
        var argv = new ArrayList<String>();
        argv.addAll(List.of(tools.sh(), "-c", GATE_SCRIPT, "codec-lab-gate"));

        argv.addAll(List.of(tools.unshare(), "--mount", "--propagation", "private",
                tools.sh(), "-c", MOUNT_SCRIPT, "codec-lab-mounts", statusFile.toString(),
                seccompFilter == null ? "-" : seccompFilter.toString(),
                TMP_OPTIONS + limits.tmpfsBytes(), mountPoints.resolve("tmp").toString()));
        argv.addAll(List.of(task.codeDir().toString(), mountPoints.resolve("code").toString()));
        task.inputDir().ifPresent(in -> argv.addAll(List.of(in.toString(), mountPoints.resolve("input").toString())));
        argv.addAll(List.of(task.outputDir().toString(), mountPoints.resolve("output").toString()));
        argv.add("--");

        argv.addAll(List.of(tools.prlimit(), "--core=0", "--fsize=" + fileSizeLimit(limits), "--"));
        argv.addAll(List.of(tools.setpriv(),
                "--reuid=" + HostDirectories.SANDBOX_UID, "--regid=" + HostDirectories.SANDBOX_GID,
                "--clear-groups", "--no-new-privs"));

        argv.addAll(List.of(tools.bwrap(),
                "--unshare-all", "--unshare-user", "--disable-userns",
                "--die-with-parent", "--new-session", "--cap-drop", "ALL",
                "--hostname", "sandbox",
                "--json-status-fd", "3",
                "--clearenv"));
        if (seccompFilter != null) {
            argv.addAll(List.of("--seccomp", "4"));
        }
        for (Map.Entry<String, String> e : SandboxEnvironment.forLimits(limits).entrySet()) {
            argv.addAll(List.of("--setenv", e.getKey(), e.getValue()));
        }
        argv.addAll(List.of("--ro-bind", "/usr", "/usr"));
        for (String link : rootLinks) {
            String[] nameAndTarget = link.split("=", 2);
            argv.addAll(List.of("--symlink", nameAndTarget[1], "/" + nameAndTarget[0]));
        }
        argv.addAll(List.of("--dir", "/etc"));
        for (String entry : etcEntries) {
            argv.addAll(List.of("--ro-bind", entry, entry));
        }
        argv.addAll(List.of(
                "--proc", "/proc",
                "--dev", "/dev",
                "--bind", mountPoints.resolve("tmp").toString(), "/tmp",
                "--ro-bind", mountPoints.resolve("code").toString(), SandboxTask.CODE_MOUNT));
        if (task.inputDir().isPresent()) {
            argv.addAll(List.of("--ro-bind", mountPoints.resolve("input").toString(), SandboxTask.INPUT_MOUNT));
        } else {
            // An empty /input, as in the runner image.
            argv.addAll(List.of("--dir", SandboxTask.INPUT_MOUNT));
        }
        argv.addAll(List.of("--bind", mountPoints.resolve("output").toString(), SandboxTask.OUTPUT_MOUNT,
                "--chdir", "/tmp",
                // Without this the root stays writable (ENVIRONMENT.md).
                "--remount-ro", "/",
                "--"));
        argv.addAll(task.command());
        return argv;
    }
}
