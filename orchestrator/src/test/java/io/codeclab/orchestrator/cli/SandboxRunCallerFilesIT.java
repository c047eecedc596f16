package io.codeclab.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeclab.sandbox.testing.SandboxHosts;
import io.codeclab.testing.Preconditions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code sandbox run --input DIR --output DIR} never touches the caller's files (issue 10, item 1): a tree
 * with a 0600 file, a 0700 directory and files owned by another uid keeps every mode and owner, on both
 * backends, while the script still reads all of it; an output directory that is not new or empty is refused.
 */
class SandboxRunCallerFilesIT {

    /** Some uid that is neither root nor the sandbox user. */
    private static final int OTHER_UID = 12345;

    @TempDir
    Path tmp;

    private record Run(int exitCode, String err) {
    }

    private Run sandboxRun(String... args) throws IOException {
        Path config = tmp.resolve("codec-lab.properties");
        Files.writeString(config, "CODEC_LAB_DATA_DIR=" + tmp.resolve("data") + "\n");
        var cl = CodecLabCommand.commandLine();
        var err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        var argv = Stream.concat(Stream.of("--config", config.toString(), "sandbox", "run"), Stream.of(args))
                .toArray(String[]::new);
        return new Run(cl.execute(argv), err.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bwrap", "docker"})
    void modesAndOwnersOfTheCallersInputAndOutputStayAsTheyWere(String backend) throws Exception {
        if (backend.equals("docker")) {
            SandboxHosts.requireDocker();
        } else {
            SandboxHosts.requireBwrap();
        }
        Preconditions.require(backend.equals("docker") ? Preconditions.REQUIRE_DOCKER : Preconditions.REQUIRE_BWRAP,
                isRoot(), () -> "giving a file to another uid needs root");

        Path input = Files.createDirectories(tmp.resolve("caller/input"));
        Path secret = Files.writeString(input.resolve("secret.txt"), "only-mine");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Path foreignDir = Files.createDirectories(input.resolve("theirs"));
        Path foreign = Files.writeString(foreignDir.resolve("foreign.txt"), "someone-elses");
        chown(foreign, OTHER_UID, OTHER_UID);
        Files.setPosixFilePermissions(foreign, PosixFilePermissions.fromString("rw-r-----"));
        chown(foreignDir, OTHER_UID, 0);
        Files.setPosixFilePermissions(foreignDir, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(input, PosixFilePermissions.fromString("rwxr-x---"));
        // An existing, empty output directory owned by another uid, closed to everyone else.
        Path output = Files.createDirectories(tmp.resolve("caller/output"));
        chown(output, OTHER_UID, OTHER_UID);
        Files.setPosixFilePermissions(output, PosixFilePermissions.fromString("rwx------"));
        Map<String, String> inputBefore = modesAndOwners(input);
        String outputBefore = modeAndOwner(output);

        Path script = Files.writeString(tmp.resolve("read-all.py"), """
                import os
                seen = open("/input/secret.txt").read() + "," + open("/input/theirs/foreign.txt").read()
                os.makedirs("/output/sub")
                open("/output/sub/seen.txt", "w").write(seen)
                os.symlink("/etc/shadow", "/output/shadow-link")
                """);
        var run = sandboxRun(script.toString(), "--input", input.toString(), "--output", output.toString(),
                "--backend", backend, "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Files.readString(output.resolve("sub/seen.txt"))).isEqualTo("only-mine,someone-elses");
        assertThat(modesAndOwners(input)).isEqualTo(inputBefore);
        assertThat(inputBefore).containsEntry("secret.txt", "rw------- 0:0")
                .containsEntry("theirs/foreign.txt", "rw-r----- 12345:12345").containsEntry("theirs", "rwx------ 12345:0");
        assertThat(modeAndOwner(output)).isEqualTo(outputBefore).isEqualTo("rwx------ 12345:12345");
        // A link the script planted is not copied out (it would point this process at a host file).
        assertThat(output.resolve("shadow-link")).doesNotExist();
        assertThat(run.err()).contains("left out 1 link(s)");
        // The staged copy is gone: nothing of the caller's input stays in the data directory.
        try (Stream<Path> left = Files.walk(tmp.resolve("data"))) {
            assertThat(left.filter(p -> p.getFileName().toString().equals("secret.txt")).toList()).isEmpty();
        }
    }

    @Test
    void anOutputDirectoryThatIsNotEmptyIsAUsageErrorAndStaysUntouched() throws Exception {
        Path script = Files.writeString(tmp.resolve("write.py"), "open('/output/a.txt', 'w').write('new')\n");
        Path output = Files.createDirectories(tmp.resolve("full"));
        Path existing = Files.writeString(output.resolve("a.txt"), "precious");
        Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rw-------"));

        var run = sandboxRun(script.toString(), "--output", output.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--output " + output + " is not empty: give a new or empty directory");
        assertThat(Files.readString(existing)).isEqualTo("precious");
        assertThat(modeAndOwner(existing)).startsWith("rw------- ");

        Path aFile = Files.writeString(tmp.resolve("not-a-dir"), "x");
        var onFile = sandboxRun(script.toString(), "--output", aFile.toString());
        assertThat(onFile.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(onFile.err()).contains(aFile + " exists and is not a directory");
    }

    private static Map<String, String> modesAndOwners(Path root) throws IOException {
        var all = new TreeMap<String, String>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.toList()) {
                all.put(root.relativize(p).toString(), modeAndOwner(p));
            }
        }
        return all;
    }

    /** "rwx------ uid:gid", never following links. */
    private static String modeAndOwner(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS)) + " "
                + Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS) + ":"
                + Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS);
    }

    private static void chown(Path p, int uid, int gid) throws IOException {
        Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
    }

    private static boolean isRoot() throws IOException {
        return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    }
}
