package io.codeclab.orchestrator.propose.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * SEARCH/REPLACE edits to the champion's code, the second way a model may answer:
 * <pre>
 * &lt;&lt;&lt;&lt;&lt;&lt;&lt; SEARCH
 * lines of the champion, as they are
 * =======
 * the lines to put there instead
 * &gt;&gt;&gt;&gt;&gt;&gt;&gt; REPLACE
 * </pre>
 * Edits apply in order, each to the result of the previous one, at the first place its SEARCH text matches.
 * Matching is tolerant, in three tries: exactly; line by line ignoring trailing whitespace (and so a missing
 * final newline and {@code \r\n}); line by line ignoring all indentation, the replacement then re-indented by
 * the difference found on the first line. Blank lines around a SEARCH text are ignored.
 */
public final class Edits {

    private static final Pattern SEARCH = Pattern.compile("^\\s*<{5,9}\\s*SEARCH\\s*$");
    private static final Pattern DIVIDER = Pattern.compile("^\\s*={5,9}\\s*$");
    private static final Pattern REPLACE = Pattern.compile("^\\s*>{5,9}\\s*REPLACE\\s*$");

    private Edits() {
    }

    /** One SEARCH/REPLACE block. */
    public record Edit(String search, String replace) {
        public Edit {
            Objects.requireNonNull(search, "search");
            Objects.requireNonNull(replace, "replace");
        }
    }

    /** Whether {@code text} holds at least one SEARCH marker. */
    public static boolean present(String text) {
        return text.lines().anyMatch(l -> SEARCH.matcher(l).matches());
    }

    /** The outcome of applying a list of edits. */
    public sealed interface Result {
        /** Every edit applied: the new program. */
        record Applied(String code) implements Result {
        }

        /** Edit number {@code index} (1-based) did not apply, and why, in words for the model. */
        record NotApplied(int index, String reason) implements Result {
        }
    }

    /**
     * The blocks in {@code text}, in order.
     *
     * @throws IllegalArgumentException when a block is not closed (a SEARCH without its divider or REPLACE
     *                                  marker); the message says which
     */
    public static List<Edit> parse(String text) {
        var edits = new ArrayList<Edit>();
        var lines = text.replace("\r\n", "\n").split("\n", -1);
        int i = 0;
        while (i < lines.length) {
            if (!SEARCH.matcher(lines[i]).matches()) {
                i++;
                continue;
            }
            int number = edits.size() + 1;
            var search = new StringBuilder();
            i++;
            while (i < lines.length && !DIVIDER.matcher(lines[i]).matches()) {
                search.append(lines[i]).append('\n');
                i++;
            }
            if (i >= lines.length) {
                throw new IllegalArgumentException("edit " + number + " has a SEARCH marker but no ======= divider");
            }
            var replace = new StringBuilder();
            i++;
            while (i < lines.length && !REPLACE.matcher(lines[i]).matches()) {
                replace.append(lines[i]).append('\n');
                i++;
            }
            if (i >= lines.length) {
                throw new IllegalArgumentException("edit " + number + " has no >>>>>>> REPLACE marker");
            }
            edits.add(new Edit(search.toString(), replace.toString()));
            i++;
        }
        return edits;
    }

    /** Applies {@code edits} to {@code code} in order. */
    public static Result apply(String code, List<Edit> edits) {
        String current = code.replace("\r\n", "\n");
        for (int k = 0; k < edits.size(); k++) {
            var edit = edits.get(k);
            String next = applyOne(current, edit);
            if (next == null) {
                String first = edit.search().strip().lines().findFirst().orElse("");
                return new Result.NotApplied(k + 1, edit.search().isBlank()
                        ? "its SEARCH part is empty"
                        : "its SEARCH text (starting '" + first + "') is not in the program it applies to");
            }
            current = next;
        }
        return new Result.Applied(current.endsWith("\n") ? current : current + "\n");
    }

    private static String applyOne(String code, Edit edit) {
        String search = edit.search().replace("\r\n", "\n");
        String replace = edit.replace().replace("\r\n", "\n");
        if (search.isBlank()) {
            return null;
        }
        int at = code.indexOf(search);
        if (at >= 0) {
            return code.substring(0, at) + replace + code.substring(at + search.length());
        }
        var codeLines = new ArrayList<>(List.of(code.split("\n", -1)));
        boolean finalNewline = code.endsWith("\n");
        if (finalNewline) {
            codeLines.remove(codeLines.size() - 1);
        }
        var searchLines = trimBlankEnds(List.of(search.split("\n", -1)));
        var replaceLines = new ArrayList<>(List.of(replace.split("\n", -1)));
        if (replace.endsWith("\n")) {
            replaceLines.remove(replaceLines.size() - 1);
        }
        for (boolean ignoreIndent : new boolean[] {false, true}) {
            int found = find(codeLines, searchLines, ignoreIndent);
            if (found < 0) {
                continue;
            }
            var replacement = ignoreIndent
                    ? reindent(replaceLines, indent(searchLines.get(0)), indent(codeLines.get(found)))
                    : replaceLines;
            var result = new ArrayList<String>(codeLines.subList(0, found));
            result.addAll(replacement);
            result.addAll(codeLines.subList(found + searchLines.size(), codeLines.size()));
            return String.join("\n", result) + (finalNewline || !result.isEmpty() ? "\n" : "");
        }
        return null;
    }

    private static int find(List<String> code, List<String> search, boolean ignoreIndent) {
        for (int start = 0; start + search.size() <= code.size(); start++) {
            boolean all = true;
            for (int k = 0; k < search.size() && all; k++) {
                String a = code.get(start + k);
                String b = search.get(k);
                all = ignoreIndent ? a.strip().equals(b.strip()) : a.stripTrailing().equals(b.stripTrailing());
            }
            if (all) {
                return start;
            }
        }
        return -1;
    }

    private static List<String> trimBlankEnds(List<String> lines) {
        int from = 0;
        int to = lines.size();
        while (from < to && lines.get(from).isBlank()) {
            from++;
        }
        while (to > from && lines.get(to - 1).isBlank()) {
            to--;
        }
        return lines.subList(from, to);
    }

    private static String indent(String line) {
        int k = 0;
        while (k < line.length() && (line.charAt(k) == ' ' || line.charAt(k) == '\t')) {
            k++;
        }
        return line.substring(0, k);
    }

    /** Moves each replacement line from the SEARCH text's indentation to the one found in the code. */
    private static List<String> reindent(List<String> lines, String from, String to) {
        var out = new ArrayList<String>();
        for (String line : lines) {
            if (line.isBlank()) {
                out.add("");
            } else if (line.startsWith(from)) {
                out.add(to + line.substring(from.length()));
            } else {
                out.add(to + line.stripLeading());
            }
        }
        return out;
    }
}
