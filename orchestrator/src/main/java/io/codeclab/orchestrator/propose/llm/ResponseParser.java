package io.codeclab.orchestrator.propose.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads a model's answer, tolerant of prose and fences. In order:
 * <ol>
 * <li>blank: {@link #EMPTY}; stopped at the output-token limit: {@link #TRUNCATED} (a cut program is no
 * program, whatever it looks like);</li>
 * <li>SEARCH/REPLACE markers: {@link ParsedResponse.EditList} (a malformed block is {@link #PARSE});</li>
 * <li>fenced blocks: the one that defines both {@code encode} and {@code decode} (the longest, if several);
 * a fence opened and never closed counts as a block to the end;</li>
 * <li>no fence: the text from its first line that starts Python code, when it defines both functions;</li>
 * <li>otherwise {@link #REFUSED} when the prose declines, else {@link #PARSE}.</li>
 * </ol>
 * The summary is the text after a {@code SUMMARY:} line prefix, else the first line of prose.
 */
public final class ResponseParser {

    public static final String PARSE = "PARSE";
    public static final String EMPTY = "EMPTY";
    public static final String TRUNCATED = "TRUNCATED";
    public static final String REFUSED = "REFUSED";

    static final int MAX_SUMMARY = 200;

    private static final Pattern FENCE = Pattern.compile("^\\s*(`{3,}|~{3,})\\s*([A-Za-z0-9_+-]*)\\s*$");
    private static final Pattern ENCODE = Pattern.compile("(?m)^def\\s+encode\\s*\\(");
    private static final Pattern DECODE = Pattern.compile("(?m)^def\\s+decode\\s*\\(");
    private static final Pattern CODE_START = Pattern.compile(
            "^(import\\s|from\\s+\\S+\\s+import\\s|def\\s|class\\s|@|#|\"\"\"|'''|[A-Za-z_][A-Za-z0-9_]*\\s*(:[^=]*)?=[^=]).*");
    private static final Pattern SUMMARY = Pattern.compile("(?im)^\\s*\\**summary\\**\\s*:\\s*\\**\\s*(.+)$");
    private static final Pattern REFUSAL = Pattern.compile("(?i)\\b(I can(?:no|')t|I cannot|I'm sorry|I am sorry"
            + "|I am unable|I'm unable|I won't|I will not|as an AI)\\b");

    private ResponseParser() {
    }

    public static ParsedResponse parse(String text, boolean truncated) {
        String t = text.replace("\r\n", "\n");
        if (t.isBlank()) {
            return new ParsedResponse.Unusable(EMPTY, "the answer was empty");
        }
        if (truncated) {
            return new ParsedResponse.Unusable(TRUNCATED, "the answer was cut off at the output-token limit ("
                    + t.length() + " characters came back); the program in it is incomplete");
        }
        var blocks = new ArrayList<Block>();
        String prose = split(t, blocks);
        String summary = summary(prose);
        if (Edits.present(t)) {
            try {
                var edits = Edits.parse(t);
                return new ParsedResponse.EditList(edits, summary);
            } catch (IllegalArgumentException e) {
                return new ParsedResponse.Unusable(PARSE, "the SEARCH/REPLACE edits are malformed: " + e.getMessage());
            }
        }
        var program = blocks.stream().filter(b -> definesBoth(b.code()))
                .max((a, b) -> Integer.compare(a.code().length(), b.code().length()));
        if (program.isPresent()) {
            return new ParsedResponse.WholeProgram(program.get().code(), summary);
        }
        if (blocks.isEmpty()) {
            var lines = t.split("\n", -1);
            for (int k = 0; k < lines.length; k++) {
                if (CODE_START.matcher(lines[k]).matches()) {
                    String code = String.join("\n", List.of(lines).subList(k, lines.length)).strip() + "\n";
                    if (definesBoth(code)) {
                        return new ParsedResponse.WholeProgram(code, summary);
                    }
                    break;
                }
            }
        }
        if (REFUSAL.matcher(prose).find() && blocks.isEmpty()) {
            return new ParsedResponse.Unusable(REFUSED, "the model declined: " + firstLine(prose));
        }
        String found = blocks.isEmpty() ? "no code block" : blocks.size() + " code block(s), none defining both"
                + " encode(frames, quality) and decode(data) at the top level";
        return new ParsedResponse.Unusable(PARSE, "no program found in the answer: " + found);
    }

    private record Block(String language, String code) {
    }

    /** Collects the fenced blocks into {@code blocks} and returns the prose outside them. */
    private static String split(String text, List<Block> blocks) {
        var prose = new StringBuilder();
        var lines = text.split("\n", -1);
        int i = 0;
        while (i < lines.length) {
            var open = FENCE.matcher(lines[i]);
            if (!open.matches()) {
                prose.append(lines[i]).append('\n');
                i++;
                continue;
            }
            String marker = open.group(1);
            String language = open.group(2);
            var code = new StringBuilder();
            i++;
            while (i < lines.length) {
                var close = FENCE.matcher(lines[i]);
                if (close.matches() && close.group(2).isEmpty() && close.group(1).charAt(0) == marker.charAt(0)
                        && close.group(1).length() >= marker.length()) {
                    break;
                }
                code.append(lines[i]).append('\n');
                i++;
            }
            blocks.add(new Block(language, code.toString()));
            i++;
        }
        return prose.toString();
    }

    private static boolean definesBoth(String code) {
        return ENCODE.matcher(code).find() && DECODE.matcher(code).find();
    }

    private static String summary(String prose) {
        var m = SUMMARY.matcher(prose);
        String s = m.find() ? m.group(1) : firstLine(prose);
        s = s.replaceAll("[*`#]+", "").strip();
        return s.length() <= MAX_SUMMARY ? s : s.substring(0, MAX_SUMMARY - 3) + "...";
    }

    private static String firstLine(String prose) {
        return prose.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
    }
}
