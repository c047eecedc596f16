package io.codeclab.sandbox.bwrap;

import io.codeclab.sandbox.SandboxLaunchException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Absolute paths of the host programs the bubblewrap backend runs; found once, at creation. */
record HostTools(String sh, String unshare, String mount, String prlimit, String setpriv, String bwrap) {

    private static final List<String> DIRS = List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin");

    static HostTools find() {
        return new HostTools(locate("sh", "dash"), locate("unshare", "util-linux"),
                locate("mount", "mount"), locate("prlimit", "util-linux"),
                locate("setpriv", "util-linux"), locate("bwrap", "bubblewrap"));
    }

    private static String locate(String program, String debianPackage) {
        for (String dir : DIRS) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new SandboxLaunchException(program + " not found in " + DIRS
                + "; install it with: apt-get install -y " + debianPackage);
    }
}
