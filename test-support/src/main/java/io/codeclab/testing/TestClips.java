package io.codeclab.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The real clips of {@code scripts/fetch-clips} that tests run on, for every module's tests. A clip is looked
 * for in {@code $CODEC_LAB_TEST_CLIPS} when that is set ({@code scripts/test} sets it); otherwise in
 * {@code $CODEC_LAB_DATA_DIR/clips}, then in the repository's {@code data/clips}. When it is missing, the
 * script is run into that directory (idempotent; it downloads two Debian packages) and the test fails with
 * the script's message if that does not work.
 */
public final class TestClips {

    public static final String SEARCH_CLIP = "city-320x180-24f.y4m";
    public static final String ADOPTION_CLIP = "cockatoo-320x180-24f.y4m";
    public static final String BENCHMARK_CLIP = "cockatoo-1280x720-30f.y4m";

    private TestClips() {
    }

    /** The clip the search evaluates on (320x180, 24 frames). */
    public static Path search() {
        return clip(SEARCH_CLIP);
    }

    /** The clip adoption is decided on (320x180, 24 frames). */
    public static Path adoption() {
        return clip(ADOPTION_CLIP);
    }

    /** One clip of {@code scripts/fetch-clips} by file name, fetched when missing. */
    public static synchronized Path clip(String name) {
        String configured = System.getenv("CODEC_LAB_TEST_CLIPS");
        Path dir;
        if (configured != null && !configured.isBlank()) {
            dir = Path.of(configured);
        } else {
            String data = System.getenv("CODEC_LAB_DATA_DIR");
            if (data != null && !data.isBlank() && Files.isRegularFile(Path.of(data, "clips", name))) {
                return Path.of(data, "clips", name);
            }
            dir = repositoryRoot().resolve("data").resolve("clips");
        }
        Path clip = dir.resolve(name);
        if (!Files.isRegularFile(clip)) {
            runFetchClips(repositoryRoot().resolve("scripts").resolve("fetch-clips"), dir);
        }
        if (!Files.isRegularFile(clip)) {
            throw new IllegalStateException("scripts/fetch-clips ran but " + clip + " is still missing");
        }
        return clip;
    }

    private static void runFetchClips(Path script, Path dir) {
        try {
            var process = new ProcessBuilder(script.toString(), dir.toString()).redirectErrorStream(true).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("scripts/fetch-clips " + dir + " failed; run it by hand to get the clips:\n"
                        + new String(out, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fetching clips", e);
        }
    }

    /** The directory holding {@code scripts/fetch-clips}, searched upwards from the working directory. */
    public static Path repositoryRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            if (Files.isRegularFile(p.resolve("scripts").resolve("fetch-clips"))) {
                return p;
            }
            p = p.getParent();
        }
        throw new IllegalStateException("scripts/fetch-clips not found above " + Path.of("").toAbsolutePath());
    }
}
