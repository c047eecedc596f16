package io.codeclab.eval.codecs;

import io.codeclab.eval.harness.CodecProgram;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads and rewrites the tunables block of a codec program:
 * <pre>
 * # --- tunables: ...
 * BASE_STEP = 14.0  # tune: float 4.0 40.0
 * # --- end tunables ---
 * </pre>
 * Programs without the block simply have no tunables.
 */
public final class Tunables {

    private static final String BEGIN = "# --- tunables";
    private static final String END = "# --- end tunables";
    private static final Pattern LINE = Pattern.compile(
            "^([A-Z][A-Z0-9_]*)\\s*=\\s*([-+0-9.eE]+)\\s*#\\s*tune:\\s*(int|float)\\s+([-+0-9.eE]+)\\s+([-+0-9.eE]+)\\s*$");

    private Tunables() {
    }

    /** The tunables of a program in source order; empty when it has no tunables block. */
    public static List<Tunable> of(CodecProgram program) {
        var result = new ArrayList<Tunable>();
        boolean inside = false;
        for (String line : program.source().split("\n", -1)) {
            String s = line.strip();
            if (s.startsWith(BEGIN)) {
                inside = true;
            } else if (s.startsWith(END)) {
                break;
            } else if (inside) {
                var m = LINE.matcher(s);
                if (m.matches()) {
                    result.add(new Tunable(m.group(1), m.group(3).equals("int"), Double.parseDouble(m.group(4)),
                            Double.parseDouble(m.group(5)), Double.parseDouble(m.group(2))));
                }
            }
        }
        return List.copyOf(result);
    }

    /** The program with the given tunables set to new values (clamped to their ranges); other lines unchanged. */
    public static CodecProgram with(CodecProgram program, Map<String, Double> values) {
        var byName = new LinkedHashMap<String, Tunable>();
        of(program).forEach(t -> byName.put(t.name(), t));
        for (String name : values.keySet()) {
            if (!byName.containsKey(name)) {
                throw new IllegalArgumentException("the program has no tunable named " + name);
            }
        }
        var out = new StringBuilder();
        boolean inside = false;
        String[] lines = program.source().split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String s = line.strip();
            if (s.startsWith(BEGIN)) {
                inside = true;
            } else if (s.startsWith(END)) {
                inside = false;
            } else if (inside) {
                var m = LINE.matcher(s);
                if (m.matches() && values.containsKey(m.group(1))) {
                    var t = byName.get(m.group(1));
                    line = line.substring(0, line.indexOf('=') + 1) + " " + t.format(values.get(t.name()))
                            + "  # tune: " + m.group(3) + " " + m.group(4) + " " + m.group(5);
                }
            }
            out.append(line);
            if (i < lines.length - 1) {
                out.append('\n');
            }
        }
        return new CodecProgram(out.toString());
    }
}
