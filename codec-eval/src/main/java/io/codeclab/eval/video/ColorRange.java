package io.codeclab.eval.video;

/** Y4M's {@code XCOLORRANGE}: LIMITED (Y 16..235, Cb/Cr 16..240, the default) or FULL (0..255). */
public enum ColorRange {
    LIMITED,
    FULL
}
