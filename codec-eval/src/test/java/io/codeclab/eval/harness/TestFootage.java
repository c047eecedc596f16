package io.codeclab.eval.harness;

import io.codeclab.eval.video.Bt601;
import io.codeclab.eval.video.Y4m;
import io.codeclab.testing.TestClips;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Real camera footage for the harness and protocol integration tests. CI points {@code CODEC_LAB_TEST_CLIPS}
 * at a directory filled by {@code scripts/fetch-clips}; without it the clips come from {@link TestClips}
 * (which runs the script into the repository's {@code data/clips} when they are missing).
 */
public final class TestFootage {

    public static final String ENV = "CODEC_LAB_TEST_CLIPS";

    private TestFootage() {
    }

    /** The named clip's file. */
    public static Path path(String name) {
        String dir = System.getenv(ENV);
        if (dir == null || dir.isBlank()) {
            return TestClips.clip(name);
        }
        Path clip = Path.of(dir, name);
        if (!Files.isRegularFile(clip)) {
            throw new IllegalStateException(ENV + "=" + dir + " but " + clip + " is missing: run scripts/fetch-clips "
                    + dir);
        }
        return clip;
    }

    /** The first {@code frames} frames of the named clip as RGB, named after the file. */
    public static Clip clip(String name, int frames) {
        return new Clip(name, Bt601.toRgb(Y4m.read(path(name))).firstFrames(frames));
    }

    /** The search clip (city street scene). */
    public static Clip search(int frames) {
        return clip(TestClips.SEARCH_CLIP, frames);
    }

    /** The held-out adoption clip (cockatoo close-up). */
    public static Clip adoption(int frames) {
        return clip(TestClips.ADOPTION_CLIP, frames);
    }
}
