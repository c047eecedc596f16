package io.codeclab.eval.video;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads and writes YUV4MPEG2 ({@code .y4m}) streams with 8-bit samples: C420 (and its jpeg, paldv, mpeg2
 * siting variants), C422, C444 and Cmono. Width, height and frame rate come from the header (a header
 * without {@code F} is rejected rather than guessed); progressive ({@code Ip}) or unspecified ({@code I?})
 * interlacing, the aspect ({@code A}) and frame parameters are read and ignored; {@code XCOLORRANGE=FULL|LIMITED}
 * is honoured (absent means limited). Anything else - high bit depth ({@code C420p10}), alpha, 4:1:1, interlaced
 * ({@code It}, {@code Ib}, {@code Im}) - is a {@link ClipFormatException}.
 *
 * <p>The reader trusts nothing in the file: width and height are at most {@link VideoFormat#MAX_DIMENSION},
 * every size is computed in {@code long} with overflow checks, and each frame's size is checked against the
 * bytes the file still holds before its planes are allocated, so a hostile or broken header is a
 * {@link ClipFormatException} with a one-line reason, never an {@link OutOfMemoryError}. A clip whose samples
 * would take more than a quarter of the Java heap is refused the same way.
 */
public final class Y4m {

    private static final String MAGIC = "YUV4MPEG2";
    private static final int MAX_LINE = 4096;
    /** Length of {@code "FRAME\n"}, the shortest frame marker. */
    private static final int FRAME_MARKER = 6;
    /** Heap a frame costs beyond its samples (objects and array headers of the YUV and RGB copies). */
    private static final long FRAME_OVERHEAD = 256;
    private static final long UNKNOWN_LENGTH = -1;

    private Y4m() {
    }

    /** Reads a whole clip; the file's length bounds every allocation. */
    public static Y4mVideo read(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return read(in, path.toString(), Files.size(path), Runtime.getRuntime().maxMemory() / 4);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read clip " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads the whole stream; {@code sourceName} only appears in error messages. The stream's length is not
     * known, so frames are read in chunks as their bytes arrive: a header claiming more than the stream holds
     * costs no more memory than the stream itself.
     */
    public static Y4mVideo read(InputStream input, String sourceName) throws IOException {
        return read(input, sourceName, UNKNOWN_LENGTH, Runtime.getRuntime().maxMemory() / 4);
    }

    /**
     * @param length       the stream's length in bytes, or {@link #UNKNOWN_LENGTH}
     * @param memoryBudget heap the clip's samples may take; more is a {@link ClipFormatException}
     */
    static Y4mVideo read(InputStream input, String sourceName, long length, long memoryBudget) throws IOException {
        var in = new BufferedInputStream(input, 1 << 20);
        String headerLine = readLine(in, sourceName, "header");
        if (headerLine == null) {
            throw new ClipFormatException(sourceName + ": empty file, expected a Y4M header (" + MAGIC + " ...)");
        }
        long consumed = headerLine.length() + 1L;
        var header = parseHeader(headerLine, sourceName);
        var chroma = chroma(header.chromaTag, sourceName);
        int w = header.width;
        int h = header.height;
        int[] planeSizes = new int[chroma.planeCount()];
        for (int p = 0; p < planeSizes.length; p++) {
            // At most 16384 x 16384: fits an int, and toIntExact says so loudly if that bound ever moves.
            planeSizes[p] = Math.toIntExact(chroma.planeBytes(p, w, h));
        }
        long frameBytes = chroma.frameBytes(w, h);
        if (length != UNKNOWN_LENGTH) {
            long left = length - consumed;
            if (left > 0 && left < FRAME_MARKER + frameBytes) {
                throw new ClipFormatException(String.format(Locale.ROOT, "%s: the header announces %dx%d C%s frames of "
                        + "%d bytes, but the file holds only %d bytes after the header: truncated, or the header is wrong",
                        sourceName, w, h, header.chromaTag, frameBytes, left));
            }
            long frames = left / Math.addExact(FRAME_MARKER, frameBytes);
            long needed = Math.multiplyExact(frames, Math.addExact(frameBytes, FRAME_OVERHEAD));
            if (needed > memoryBudget) {
                throw new ClipFormatException(String.format(Locale.ROOT, "%s: %d frames of %dx%d need about %d MiB "
                        + "of memory, more than the %d MiB allowed for one clip (a quarter of the Java heap); use a shorter "
                        + "clip (ffmpeg -i IN -frames:v 60 OUT.y4m) or a larger heap (CODEC_LAB_JAVA_OPTS=-Xmx...)",
                        sourceName, frames, w, h, needed >> 20, memoryBudget >> 20));
            }
        }
        var frames = new ArrayList<YuvFrame>();
        long samplesRead = 0;
        while (true) {
            String frameLine = readLine(in, sourceName, "frame " + frames.size() + " marker");
            if (frameLine == null) {
                break;
            }
            consumed += frameLine.length() + 1L;
            if (!(frameLine.equals("FRAME") || frameLine.startsWith("FRAME "))) {
                throw new ClipFormatException(sourceName + ": frame " + frames.size()
                        + " does not start with FRAME (found '" + abbreviate(frameLine) + "'); file corrupt or header size wrong");
            }
            if (length != UNKNOWN_LENGTH && length - consumed < frameBytes) {
                throw new ClipFormatException(sourceName + ": frame " + frames.size() + " is truncated (needs "
                        + frameBytes + " bytes, the file has " + Math.max(0, length - consumed) + " left)");
            }
            samplesRead = Math.addExact(samplesRead, frameBytes + FRAME_OVERHEAD);
            if (samplesRead > memoryBudget) {
                throw new ClipFormatException(String.format(Locale.ROOT, "%s: more than %d frames of %dx%d need over "
                        + "%d MiB of memory, the most allowed for one clip (a quarter of the Java heap); use a shorter clip "
                        + "(ffmpeg -i IN -frames:v 60 OUT.y4m) or a larger heap (CODEC_LAB_JAVA_OPTS=-Xmx...)",
                        sourceName, frames.size(), w, h, memoryBudget >> 20));
            }
            var planes = new byte[planeSizes.length][];
            for (int p = 0; p < planes.length; p++) {
                planes[p] = length == UNKNOWN_LENGTH ? in.readNBytes(planeSizes[p]) : readFully(in, planeSizes[p]);
                if (planes[p].length != planeSizes[p]) {
                    throw new ClipFormatException(sourceName + ": frame " + frames.size() + " is truncated (plane " + p
                            + " has " + planes[p].length + " of " + planeSizes[p] + " bytes)");
                }
                consumed += planeSizes[p];
            }
            frames.add(YuvFrame.wrap(planes));
        }
        if (frames.isEmpty()) {
            throw new ClipFormatException(sourceName + ": Y4M header but no frames");
        }
        var format = new VideoFormat(w, h, header.fpsNum, header.fpsDen);
        return Y4mVideo.of(format, header.chromaTag, header.range, frames);
    }

    /** Reads exactly {@code n} bytes into a new array; the caller has checked that the file holds them. */
    private static byte[] readFully(InputStream in, int n) throws IOException {
        // readNBytes into an array reads straight into it; readNBytes(int) would copy through 8 KiB chunks.
        byte[] buffer = new byte[n];
        int got = in.readNBytes(buffer, 0, n);
        return got == n ? buffer : Arrays.copyOf(buffer, got);
    }

    /** Only the header: size, rate and layout, without reading frames. */
    public static Y4mVideo.Header readHeader(Path path) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 8192)) {
            String line = readLine(in, path.toString(), "header");
            if (line == null) {
                throw new ClipFormatException(path + ": empty file, expected a Y4M header");
            }
            var header = parseHeader(line, path.toString());
            chroma(header.chromaTag, path.toString());
            return new Y4mVideo.Header(new VideoFormat(header.width, header.height, header.fpsNum, header.fpsDen),
                    header.chromaTag, header.range);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read clip " + path + ": " + e.getMessage(), e);
        }
    }

    public static void write(Y4mVideo video, Path path) {
        try (OutputStream out = Files.newOutputStream(path)) {
            write(video, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write clip " + path + ": " + e.getMessage(), e);
        }
    }

    /** Writes the header and all frames; does not close {@code output}. */
    public static void write(Y4mVideo video, OutputStream output) throws IOException {
        var out = new BufferedOutputStream(output, 1 << 20);
        var f = video.format();
        String header = MAGIC + " W" + f.width() + " H" + f.height() + " F" + f.fpsNumerator() + ":" + f.fpsDenominator()
                + " Ip A1:1 C" + video.chromaTag() + " XCOLORRANGE=" + video.colorRange().name() + "\n";
        out.write(header.getBytes(StandardCharsets.US_ASCII));
        byte[] marker = "FRAME\n".getBytes(StandardCharsets.US_ASCII);
        for (var frame : video.frames()) {
            out.write(marker);
            for (int p = 0; p < frame.planeCount(); p++) {
                out.write(frame.plane(p));
            }
        }
        out.flush();
    }

    private record ParsedHeader(int width, int height, int fpsNum, int fpsDen, String chromaTag, ColorRange range) {
    }

    private static ParsedHeader parseHeader(String line, String source) {
        String[] tokens = line.split(" ");
        if (!tokens[0].equals(MAGIC)) {
            throw new ClipFormatException(source + ": not a Y4M file (starts with '" + abbreviate(tokens[0])
                    + "', expected " + MAGIC + ")");
        }
        int width = -1;
        int height = -1;
        int fpsNum = -1;
        int fpsDen = -1;
        String chromaTag = "420jpeg";
        ColorRange range = ColorRange.LIMITED;
        for (int i = 1; i < tokens.length; i++) {
            String t = tokens[i];
            if (t.isEmpty()) {
                continue;
            }
            String v = t.substring(1);
            switch (t.charAt(0)) {
                case 'W' -> width = parseDimension(v, "width (W)", source);
                case 'H' -> height = parseDimension(v, "height (H)", source);
                case 'F' -> {
                    int colon = v.indexOf(':');
                    if (colon < 0) {
                        throw new ClipFormatException(source + ": frame rate F" + abbreviate(v)
                                + " is not of the form F<num>:<den>");
                    }
                    fpsNum = parsePositive(v.substring(0, colon), "frame rate numerator (F)", source);
                    fpsDen = parsePositive(v.substring(colon + 1), "frame rate denominator (F)", source);
                }
                case 'C' -> chromaTag = v;
                case 'I' -> {
                    // p = progressive, ? = unknown (ffmpeg reads that as progressive); t, b, m are interlaced.
                    if (!v.equals("p") && !v.equals("?")) {
                        throw new ClipFormatException(source + ": interlaced or unknown field order I" + abbreviate(v)
                                + " is not supported: only progressive clips (Ip) can be measured; deinterlace with: "
                                + "ffmpeg -i IN -vf yadif -pix_fmt yuv420p OUT.y4m");
                    }
                }
                case 'X' -> {
                    if (v.startsWith("COLORRANGE=")) {
                        String r = v.substring("COLORRANGE=".length());
                        range = switch (r) {
                            case "FULL" -> ColorRange.FULL;
                            case "LIMITED" -> ColorRange.LIMITED;
                            default -> throw new ClipFormatException(source + ": unknown XCOLORRANGE=" + abbreviate(r)
                                    + " (expected FULL or LIMITED)");
                        };
                    }
                }
                default -> {
                    // A (aspect) and reserved parameters do not change how samples are laid out.
                }
            }
        }
        if (width < 0 || height < 0) {
            throw new ClipFormatException(source + ": Y4M header lacks W and/or H: '" + abbreviate(line) + "'");
        }
        if (fpsNum < 0) {
            throw new ClipFormatException(source + ": Y4M header lacks the frame rate F<num>:<den>: '" + abbreviate(line) + "'");
        }
        return new ParsedHeader(width, height, fpsNum, fpsDen, chromaTag, range);
    }

    private static ChromaFormat chroma(String tag, String source) {
        try {
            return ChromaFormat.fromY4mTag(tag);
        } catch (ClipFormatException e) {
            throw new ClipFormatException(source + ": " + e.getMessage(), e);
        }
    }

    /** A width or height: 1 to {@link VideoFormat#MAX_DIMENSION}. */
    private static int parseDimension(String value, String what, String source) {
        long n = parsePositiveLong(value, what, source);
        if (n > VideoFormat.MAX_DIMENSION) {
            throw new ClipFormatException(source + ": " + what + " " + n + " exceeds the limit of "
                    + VideoFormat.MAX_DIMENSION + " pixels; scale the clip down (ffmpeg -i IN -vf scale=1920:-2 OUT.y4m)");
        }
        return (int) n;
    }

    private static int parsePositive(String value, String what, String source) {
        long n = parsePositiveLong(value, what, source);
        if (n > Integer.MAX_VALUE) {
            throw new ClipFormatException(source + ": " + what + " " + n + " is too large (at most " + Integer.MAX_VALUE + ")");
        }
        return (int) n;
    }

    private static long parsePositiveLong(String value, String what, String source) {
        // Up to 18 digits always fits a long; longer numbers are refused as too large without parsing.
        if (!value.matches("[+-]?[0-9]+")) {
            throw new ClipFormatException(source + ": " + what + " is not a number: '" + abbreviate(value) + "'");
        }
        if (value.replaceFirst("^[+-]?0*", "").length() > 18) {
            throw new ClipFormatException(source + ": " + what + " '" + abbreviate(value) + "' is far too large");
        }
        long n = Long.parseLong(value);
        if (n <= 0) {
            throw new ClipFormatException(source + ": " + what + " must be positive, was " + n);
        }
        return n;
    }

    /** A line without its '\n', or null at a clean end of stream. */
    private static String readLine(InputStream in, String source, String what) throws IOException {
        var sb = new StringBuilder(64);
        int c = in.read();
        if (c < 0) {
            return null;
        }
        while (c != '\n') {
            if (c < 0) {
                throw new ClipFormatException(source + ": unexpected end of file in the " + what);
            }
            if (sb.length() >= MAX_LINE) {
                throw new ClipFormatException(source + ": " + what + " longer than " + MAX_LINE
                        + " bytes without a newline; not a Y4M stream");
            }
            sb.append((char) c);
            c = in.read();
        }
        return sb.toString();
    }

    private static String abbreviate(String s) {
        String printable = s.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() <= 60 ? printable : printable.substring(0, 60) + "...";
    }
}
