package io.codeclab.sandbox.bwrap;

import io.codeclab.sandbox.SandboxLaunchException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads where this process's cgroups live from {@code /proc/self/mountinfo} and {@code /proc/self/cgroup}
 * and picks the matching {@link CgroupHost}: v1 when the memory controller is mounted as a v1 hierarchy,
 * else v2 when /sys/fs/cgroup (or another cgroup2 mount) offers the memory controller.
 */
final class CgroupLayout {

    static final String PARENT_NAME = "codec-lab";

    private CgroupLayout() {
    }

    static CgroupHost detect() {
        try {
            return detect(Files.readAllLines(Path.of("/proc/self/mountinfo")),
                    Files.readAllLines(Path.of("/proc/self/cgroup")));
        } catch (IOException e) {
            throw new SandboxLaunchException("cannot read /proc/self/mountinfo or /proc/self/cgroup: "
                    + e.getMessage(), e);
        }
    }

    static CgroupHost detect(List<String> mountinfo, List<String> procCgroup) {
        // controller -> directory of this process's own cgroup in that hierarchy
        var v1Own = new HashMap<String, Path>();
        Path v2Mount = null;
        String v2Root = null;
        for (String line : mountinfo) {
            String[] sides = line.split(" - ", 2);
            if (sides.length != 2) {
                continue;
            }
            String[] left = sides[0].split(" ");
            String[] right = sides[1].split(" ");
            String root = left[3];
            Path mountPoint = Path.of(unescape(left[4]));
            String fsType = right[0];
            if (fsType.equals("cgroup") && right.length >= 3) {
                for (String option : right[2].split(",")) {
                    if (Set.of("memory", "pids", "cpu", "cpuacct", "freezer").contains(option)) {
                        ownPath(procCgroup, option).ifPresent(own -> v1Own.put(option,
                                resolve(mountPoint, root, own)));
                    }
                }
            } else if (fsType.equals("cgroup2") && v2Mount == null) {
                v2Mount = mountPoint;
                v2Root = root;
            }
        }
        if (v1Own.containsKey("memory")) {
            for (String needed : List.of("pids", "cpu", "cpuacct")) {
                if (!v1Own.containsKey(needed)) {
                    throw new SandboxLaunchException("cgroup v1 controller '" + needed
                            + "' is not mounted; mount it (or boot with cgroup v2) to use the bwrap sandbox");
                }
            }
            return new CgroupV1Host(v1Own);
        }
        if (v2Mount != null && Files.exists(v2Mount.resolve("cgroup.controllers"))
                && CgroupFs.read(v2Mount.resolve("cgroup.controllers")).contains("memory")) {
            String own = ownPath(procCgroup, "").orElse("/");
            return new CgroupV2Host(v2Mount, resolve(v2Mount, v2Root, own));
        }
        throw new SandboxLaunchException("no cgroup memory controller found (neither cgroup v1 'memory' nor a "
                + "cgroup2 mount offering 'memory'); the bwrap sandbox cannot enforce limits here");
    }

    /** The path of this process's cgroup for a v1 controller, or the v2 path when {@code controller} is empty. */
    private static Optional<String> ownPath(List<String> procCgroup, String controller) {
        for (String line : procCgroup) {
            String[] parts = line.split(":", 3);
            if (parts.length != 3) {
                continue;
            }
            boolean matches = controller.isEmpty()
                    ? parts[0].equals("0") && parts[1].isEmpty()
                    : List.of(parts[1].split(",")).contains(controller);
            if (matches) {
                return Optional.of(parts[2]);
            }
        }
        return Optional.empty();
    }

    /** Maps a cgroup path (as /proc/self/cgroup shows it) onto the mount whose root is {@code mountRoot}. */
    private static Path resolve(Path mountPoint, String mountRoot, String ownPath) {
        String relative = ownPath;
        if (!mountRoot.equals("/") && ownPath.startsWith(mountRoot)) {
            relative = ownPath.substring(mountRoot.length());
        }
        relative = relative.replaceFirst("^/+", "");
        return relative.isEmpty() ? mountPoint : mountPoint.resolve(relative);
    }

    private static String unescape(String mountinfoField) {
        return mountinfoField.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n")
                .replace("\\134", "\\");
    }

    static Map<String, Path> parentsOf(Map<String, Path> own) {
        var parents = new HashMap<String, Path>();
        own.forEach((controller, dir) -> parents.put(controller, dir.resolve(PARENT_NAME)));
        return parents;
    }
}
