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

/**
 * Reads and writes YUV4MPEG2 ({@code .y4m}) streams with 8-bit samples: C420 (and its jpeg, paldv, mpeg2
 * siting variants), C422, C444 and Cmono. Width, height and frame rate come from the header (a header
 * without {@code F} is rejected rather than guessed); the interlacing ({@code I}) and aspect ({@code A})
 * parameters and frame parameters are read and ignored; {@code XCOLORRANGE=FULL|LIMITED} is honoured
 * (absent means limited). Anything else - high bit depth ({@code C420p10}), alpha, 4:1:1 - is a
 * {@link ClipFormatException}.
 */
public final class Y4m {

    private static final String MAGIC = "YUV4MPEG2";
    private static final int MAX_LINE = 4096;

    private Y4m() {
    }

    public static Y4mVideo read(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return read(in, path.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read clip " + path + ": " + e.getMessage(), e);
        }
    }

    /** Reads the whole stream; {@code sourceName} only appears in error messages. */
    public static Y4mVideo read(InputStream input, String sourceName) throws IOException {
        var in = new BufferedInputStream(input, 1 << 20);
        String headerLine = readLine(in, sourceName, "header");
        if (headerLine == null) {
            throw new ClipFormatException(sourceName + ": empty file, expected a Y4M header (" + MAGIC + " ...)");
        }
        var header = parseHeader(headerLine, sourceName);
        var chroma = ChromaFormat.fromY4mTag(header.chromaTag);
        int w = header.width;
        int h = header.height;
        int[] planeSizes = new int[chroma.planeCount()];
        for (int p = 0; p < planeSizes.length; p++) {
            planeSizes[p] = chroma.planeWidth(p, w) * chroma.planeHeight(p, h);
        }
        var frames = new ArrayList<YuvFrame>();
        while (true) {
            String frameLine = readLine(in, sourceName, "frame " + frames.size() + " marker");
            if (frameLine == null) {
                break;
            }
            if (!(frameLine.equals("FRAME") || frameLine.startsWith("FRAME "))) {
                throw new ClipFormatException(sourceName + ": frame " + frames.size()
                        + " does not start with FRAME (found '" + abbreviate(frameLine) + "'); file corrupt or header size wrong");
            }
            var planes = new byte[planeSizes.length][];
            for (int p = 0; p < planes.length; p++) {
                // readNBytes into an array reads straight into it; readNBytes(int) would copy through 8 KiB chunks.
                planes[p] = new byte[planeSizes[p]];
                int got = in.readNBytes(planes[p], 0, planeSizes[p]);
                if (got != planeSizes[p]) {
                    throw new ClipFormatException(sourceName + ": frame " + frames.size() + " is truncated (plane " + p
                            + " has " + got + " of " + planeSizes[p] + " bytes)");
                }
            }
            frames.add(YuvFrame.wrap(planes));
        }
        if (frames.isEmpty()) {
            throw new ClipFormatException(sourceName + ": Y4M header but no frames");
        }
        var format = new VideoFormat(w, h, header.fpsNum, header.fpsDen);
        return Y4mVideo.of(format, header.chromaTag, header.range, frames);
    }

    /** Only the header: size, rate and layout, without reading frames. */
    public static Y4mVideo.Header readHeader(Path path) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 8192)) {
            String line = readLine(in, path.toString(), "header");
            if (line == null) {
                throw new ClipFormatException(path + ": empty file, expected a Y4M header");
            }
            var header = parseHeader(line, path.toString());
            ChromaFormat.fromY4mTag(header.chromaTag);
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
                case 'W' -> width = parsePositive(v, "width (W)", source);
                case 'H' -> height = parsePositive(v, "height (H)", source);
                case 'F' -> {
                    int colon = v.indexOf(':');
                    if (colon < 0) {
                        throw new ClipFormatException(source + ": frame rate F" + v + " is not of the form F<num>:<den>");
                    }
                    fpsNum = parsePositive(v.substring(0, colon), "frame rate numerator (F)", source);
                    fpsDen = parsePositive(v.substring(colon + 1), "frame rate denominator (F)", source);
                }
                case 'C' -> chromaTag = v;
                case 'X' -> {
                    if (v.startsWith("COLORRANGE=")) {
                        String r = v.substring("COLORRANGE=".length());
                        range = switch (r) {
                            case "FULL" -> ColorRange.FULL;
                            case "LIMITED" -> ColorRange.LIMITED;
                            default -> throw new ClipFormatException(source + ": unknown XCOLORRANGE=" + r);
                        };
                    }
                }
                default -> {
                    // I (interlacing), A (aspect) and reserved parameters do not change how samples are laid out.
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

    private static int parsePositive(String value, String what, String source) {
        try {
            int n = Integer.parseInt(value);
            if (n <= 0) {
                throw new ClipFormatException(source + ": " + what + " must be positive, was " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ClipFormatException(source + ": " + what + " is not a number: '" + abbreviate(value) + "'", e);
        }
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
