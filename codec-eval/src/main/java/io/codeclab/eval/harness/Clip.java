package io.codeclab.eval.harness;

import io.codeclab.eval.video.RgbVideo;
import java.util.Objects;

/** A named clip of real footage, as RGB frames: the name is what reports and records show. */
public record Clip(String name, RgbVideo video) {
    public Clip {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(video, "video");
    }

    /** The same clip cut to its first {@code frames} frames (the smoke stage uses two). */
    public Clip firstFrames(int frames) {
        return new Clip(name + "[0:" + Math.min(frames, video.frameCount()) + "]", video.firstFrames(frames));
    }
}
