package io.codeclab.orchestrator.search;

import io.codeclab.eval.harness.QualityPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a program sits in the behaviour grid (MAP-Elites): its bit-rate regime (mean bits per pixel over its
 * headline points), its decode speed (mean decode frames per second) and its code size, each in one of three
 * bins. Programs in different cells solve the problem differently, so the best of each cell is worth building
 * on even when it is not the best overall.
 *
 * @param rate  0 below {@value #LOW_BPP} bpp, 1 below {@value #HIGH_BPP}, else 2
 * @param speed 0 below {@value #SLOW_FPS} decoded frames/s, 1 below {@value #FAST_FPS}, else 2
 * @param size  0 below {@value #SMALL_CODE} bytes of code, 1 below {@value #LARGE_CODE}, else 2
 */
public record Behaviour(int rate, int speed, int size) {

    static final double LOW_BPP = 0.1;
    static final double HIGH_BPP = 0.5;
    static final double SLOW_FPS = 10;
    static final double FAST_FPS = 60;
    static final int SMALL_CODE = 3_000;
    static final int LARGE_CODE = 10_000;
    static final int BINS = 3;

    public Behaviour {
        for (int bin : new int[] {rate, speed, size}) {
            if (bin < 0 || bin >= BINS) {
                throw new IllegalArgumentException("a behaviour bin is 0, 1 or 2, was " + bin);
            }
        }
    }

    /** The cell of a program measured at {@code points} whose source is {@code codeBytes} long. */
    public static Behaviour of(List<QualityPoint> points, int codeBytes) {
        double bpp = points.stream().mapToDouble(QualityPoint::bpp).average().orElse(0);
        double fps = points.stream().mapToDouble(QualityPoint::decodeFps).average().orElse(0);
        return new Behaviour(bin(bpp, LOW_BPP, HIGH_BPP), bin(fps, SLOW_FPS, FAST_FPS),
                bin(codeBytes, SMALL_CODE, LARGE_CODE));
    }

    /** The cell's key as stored: {@code rate<r>-speed<s>-size<z>}. */
    public String cell() {
        return String.format(Locale.ROOT, "rate%d-speed%d-size%d", rate, speed, size);
    }

    /** The same cell in words, for prompts and logs. */
    public String describe() {
        return String.format(Locale.ROOT, "%s bit rate, %s decoding, %s code", word(rate, "low", "medium", "high"),
                word(speed, "slow", "medium", "fast"), word(size, "short", "medium", "long"));
    }

    /** Every cell of the grid, in a fixed order (27 cells). */
    public static List<Behaviour> grid() {
        var all = new ArrayList<Behaviour>();
        for (int r = 0; r < BINS; r++) {
            for (int s = 0; s < BINS; s++) {
                for (int z = 0; z < BINS; z++) {
                    all.add(new Behaviour(r, s, z));
                }
            }
        }
        return all;
    }

    /** Parses {@link #cell()}. */
    public static Behaviour parse(String cell) {
        var m = java.util.regex.Pattern.compile("rate([0-2])-speed([0-2])-size([0-2])").matcher(cell);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a behaviour cell: '" + cell + "'");
        }
        return new Behaviour(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    }

    private static int bin(double value, double low, double high) {
        return value < low ? 0 : value < high ? 1 : 2;
    }

    private static String word(int bin, String... words) {
        return words[bin];
    }
}
