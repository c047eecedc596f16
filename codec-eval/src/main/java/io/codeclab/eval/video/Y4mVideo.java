package io.codeclab.eval.video;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A YUV clip as read from (or written to) a Y4M file: size and frame rate from the header, 8-bit planes per
 * frame. Immutable.
 */
public final class Y4mVideo {

    private final VideoFormat format;
    private final ChromaFormat chroma;
    private final String chromaTag;
    private final ColorRange colorRange;
    private final List<YuvFrame> frames;

    private Y4mVideo(VideoFormat format, ChromaFormat chroma, String chromaTag, ColorRange colorRange,
                     List<YuvFrame> frames) {
        this.format = format;
        this.chroma = chroma;
        this.chromaTag = chromaTag;
        this.colorRange = colorRange;
        this.frames = frames;
    }

    /**
     * A clip of the given frames. {@code chromaTag} is the Y4M {@code C} value without the C (e.g.
     * {@code 420jpeg}); it must name {@code chroma}'s layout.
     */
    public static Y4mVideo of(VideoFormat format, String chromaTag, ColorRange colorRange, List<YuvFrame> frames) {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(colorRange, "colorRange");
        var chroma = ChromaFormat.fromY4mTag(chromaTag);
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("a video needs at least one frame");
        }
        for (int i = 0; i < frames.size(); i++) {
            var f = frames.get(i);
            if (f.planeCount() != chroma.planeCount()) {
                throw new IllegalArgumentException("frame " + i + " has " + f.planeCount() + " planes, "
                        + chroma + " needs " + chroma.planeCount());
            }
            for (int p = 0; p < f.planeCount(); p++) {
                long expected = chroma.planeBytes(p, format.width(), format.height());
                if (f.plane(p).length != expected) {
                    throw new IllegalArgumentException("frame " + i + " plane " + p + " has " + f.plane(p).length
                            + " bytes, expected " + expected);
                }
            }
        }
        return new Y4mVideo(format, chroma, chromaTag, colorRange, List.copyOf(frames));
    }

    public VideoFormat format() { return format; }
    public int width() { return format.width(); }
    public int height() { return format.height(); }
    public ChromaFormat chroma() { return chroma; }
    /** The Y4M colour-space tag without the C, e.g. {@code 420mpeg2}. */
    public String chromaTag() { return chromaTag; }
    public ColorRange colorRange() { return colorRange; }
    public int frameCount() { return frames.size(); }
    public YuvFrame frame(int index) { return frames.get(index); }
    public List<YuvFrame> frames() { return frames; }

    public int planeWidth(int plane) {
        return chroma.planeWidth(plane, format.width());
    }

    public int planeHeight(int plane) {
        return chroma.planeHeight(plane, format.height());
    }

    /** Bytes of one frame's samples (without the FRAME marker). */
    public int frameBytes() {
        return Math.toIntExact(chroma.frameBytes(format.width(), format.height()));
    }

    /** The first {@code count} frames (or all, if fewer). */
    public Y4mVideo firstFrames(int count) {
        if (count <= 0) {
            throw new IllegalArgumentException("count must be positive, was " + count);
        }
        return count >= frames.size() ? this
                : new Y4mVideo(format, chroma, chromaTag, colorRange, List.copyOf(new ArrayList<>(frames.subList(0, count))));
    }

    /** What a Y4M header says: size and rate, the colour-space tag (without the C) and the range. */
    public record Header(VideoFormat format, String chromaTag, ColorRange colorRange) {
        public ChromaFormat chroma() {
            return ChromaFormat.fromY4mTag(chromaTag);
        }
    }
}
