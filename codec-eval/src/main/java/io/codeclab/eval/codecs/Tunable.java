package io.codeclab.eval.codecs;

import java.util.Locale;

/**
 * One tunable constant of a codec program, declared as {@code NAME = VALUE  # tune: int|float MIN MAX}
 * inside the program's tunables block.
 */
public record Tunable(String name, boolean integer, double min, double max, double value) {

    public Tunable {
        if (!(min <= max)) {
            throw new IllegalArgumentException("tunable " + name + " has min " + min + " above max " + max);
        }
    }

    /** The value clamped to the range (and rounded for integers), written as Python source. */
    public String format(double v) {
        double clamped = Math.max(min, Math.min(max, v));
        if (integer) {
            return Long.toString(Math.round(clamped));
        }
        String text = String.format(Locale.ROOT, "%.4g", clamped).replaceAll("(\\.\\d*?)0+$", "$1")
                .replaceAll("\\.$", ".0");
        // %g writes 1000.0 as "1000": keep a float tunable a Python float literal.
        return text.contains(".") || text.contains("e") ? text : text + ".0";
    }
}
