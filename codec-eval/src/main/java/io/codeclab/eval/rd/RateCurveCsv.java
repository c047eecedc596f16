package io.codeclab.eval.rd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a rate-distortion curve from CSV: a header line naming the columns {@code kbps} and {@code psnr} (in
 * either order, case-insensitive, other columns ignored), then one point per line. Blank lines and lines
 * starting with {@code #} are skipped.
 */
public final class RateCurveCsv {

    private RateCurveCsv() {
    }

    public static List<RatePoint> read(Path path) {
        try {
            return parse(Files.readString(path, StandardCharsets.UTF_8), path.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    public static List<RatePoint> parse(String text, String sourceName) {
        var lines = text.lines().toList();
        int i = 0;
        while (i < lines.size() && isSkippable(lines.get(i))) {
            i++;
        }
        if (i == lines.size()) {
            throw new BdRateException(sourceName + ": empty; expected a header line 'kbps,psnr' and one point per line");
        }
        String[] header = lines.get(i).split(",", -1);
        int kbpsCol = -1;
        int psnrCol = -1;
        for (int c = 0; c < header.length; c++) {
            String name = header[c].trim().toLowerCase(java.util.Locale.ROOT);
            if (name.equals("kbps")) {
                kbpsCol = c;
            } else if (name.equals("psnr")) {
                psnrCol = c;
            }
        }
        if (kbpsCol < 0 || psnrCol < 0) {
            throw new BdRateException(sourceName + ":" + (i + 1) + ": header must name the columns kbps and psnr, was '"
                    + lines.get(i) + "'");
        }
        var points = new ArrayList<RatePoint>();
        for (i++; i < lines.size(); i++) {
            String line = lines.get(i);
            if (isSkippable(line)) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length <= Math.max(kbpsCol, psnrCol)) {
                throw new BdRateException(sourceName + ":" + (i + 1) + ": expected " + header.length + " columns, found "
                        + cells.length + " in '" + line + "'");
            }
            try {
                points.add(new RatePoint(number(cells[kbpsCol], "kbps", sourceName, i), number(cells[psnrCol], "psnr", sourceName, i)));
            } catch (BdRateException e) {
                if (e.getMessage().startsWith(sourceName)) {
                    throw e;
                }
                throw new BdRateException(sourceName + ":" + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        if (points.isEmpty()) {
            throw new BdRateException(sourceName + ": header but no points");
        }
        return List.copyOf(points);
    }

    private static double number(String cell, String column, String source, int line) {
        try {
            return Double.parseDouble(cell.trim());
        } catch (NumberFormatException e) {
            throw new BdRateException(source + ":" + (line + 1) + ": " + column + " is not a number: '" + cell.trim() + "'", e);
        }
    }

    private static boolean isSkippable(String line) {
        String t = line.strip();
        return t.isEmpty() || t.startsWith("#");
    }
}
