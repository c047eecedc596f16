package io.codeclab.eval.video;

/**
 * The 8-bit sample layouts a Y4M clip may have. The 4:2:0 siting variants ({@code 420jpeg}, {@code 420paldv},
 * {@code 420mpeg2}, {@code 420}) share one layout; the tag of the file is kept in {@link Y4mVideo#chromaTag()}.
 */
public enum ChromaFormat {
    YUV420(2, 2, 3),
    YUV422(2, 1, 3),
    YUV444(1, 1, 3),
    MONO(1, 1, 1);

    private final int subsamplingX;
    private final int subsamplingY;
    private final int planeCount;

    ChromaFormat(int subsamplingX, int subsamplingY, int planeCount) {
        this.subsamplingX = subsamplingX;
        this.subsamplingY = subsamplingY;
        this.planeCount = planeCount;
    }

    public int planeCount() {
        return planeCount;
    }

    /** Width of plane {@code plane} (0 = Y, 1 = U/Cb, 2 = V/Cr) for a picture {@code width} wide; rounds up. */
    public int planeWidth(int plane, int width) {
        checkPlane(plane);
        return plane == 0 ? width : (width + subsamplingX - 1) / subsamplingX;
    }

    public int planeHeight(int plane, int height) {
        checkPlane(plane);
        return plane == 0 ? height : (height + subsamplingY - 1) / subsamplingY;
    }

    /** Bytes of plane {@code plane} of a {@code width}x{@code height} picture, in {@code long} (never wraps). */
    public long planeBytes(int plane, int width, int height) {
        return Math.multiplyExact((long) planeWidth(plane, width), (long) planeHeight(plane, height));
    }

    /** Bytes of all planes of one {@code width}x{@code height} picture, in {@code long} (never wraps). */
    public long frameBytes(int width, int height) {
        long sum = 0;
        for (int p = 0; p < planeCount; p++) {
            sum = Math.addExact(sum, planeBytes(p, width, height));
        }
        return sum;
    }

    private void checkPlane(int plane) {
        if (plane < 0 || plane >= planeCount) {
            throw new IllegalArgumentException("plane " + plane + " does not exist in " + this);
        }
    }

    private static String printable(String tag) {
        String s = tag.replaceAll("[^\\x20-\\x7e]", "?");
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    /** Maps a Y4M {@code C} tag (without the leading C) to a layout; fails for anything but 8-bit 4:2:0/4:2:2/4:4:4/mono. */
    public static ChromaFormat fromY4mTag(String tag) {
        return switch (tag) {
            case "420", "420jpeg", "420paldv", "420mpeg2" -> YUV420;
            case "422" -> YUV422;
            case "444" -> YUV444;
            case "mono" -> MONO;
            default -> throw new ClipFormatException("unsupported Y4M colour space C" + printable(tag)
                    + ": only 8-bit C420 (jpeg/paldv/mpeg2), C422, C444 and Cmono are supported;"
                    + " convert with: ffmpeg -i IN -pix_fmt yuv420p OUT.y4m");
        };
    }
}
