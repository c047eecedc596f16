package io.codeclab.orchestrator.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real-footage clips tests run on: {@code $CODEC_LAB_TEST_CLIPS} when set (scripts/test fetches them),
 * otherwise fetched into the repository's data/clips by scripts/fetch-clips (idempotent).
 */
public final class TestClips {

    public static final String SEARCH = "city-320x180-24f.y4m";
    public static final String ADOPTION = "cockatoo-320x180-24f.y4m";

    private TestClips() {
    }

    public static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("scripts/codec-lab"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository root (scripts/codec-lab) above "
                    + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    public static synchronized Path directory() {
        String configured = System.getenv("CODEC_LAB_TEST_CLIPS");
        Path dir = configured != null && !configured.isBlank() ? Path.of(configured)
                : repositoryRoot().resolve("data/clips");
        if (!Files.isRegularFile(dir.resolve(SEARCH)) || !Files.isRegularFile(dir.resolve(ADOPTION))) {
            try {
                var process = new ProcessBuilder(repositoryRoot().resolve("scripts/fetch-clips").toString(), dir.toString())
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (process.waitFor() != 0) {
                    throw new IllegalStateException("scripts/fetch-clips " + dir + " failed with exit code "
                            + process.exitValue());
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot run scripts/fetch-clips", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while fetching clips", e);
            }
        }
        return dir;
    }

    public static Path search() {
        return directory().resolve(SEARCH);
    }

    public static Path adoption() {
        return directory().resolve(ADOPTION);
    }
}
