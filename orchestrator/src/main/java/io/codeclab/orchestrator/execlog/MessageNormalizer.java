package io.codeclab.orchestrator.execlog;

import java.util.regex.Pattern;

/**
 * Turns a failure message into the pattern it is grouped by: the same error with other numbers, paths, names or
 * addresses is one pattern. {@code name 'blok_size' is not defined} and {@code name 'q' is not defined} both become
 * {@code name <id> is not defined}; {@code /tmp/x/7.bin}, {@code 0x7f3a...}, {@code 1e-3} become {@code <path>},
 * {@code <hex>}, {@code <n>}.
 */
public final class MessageNormalizer {

    private static final int MAX = 300;
    private static final Pattern PATH = Pattern.compile("(?<![\\w<])(?:[A-Za-z]:)?(?:[/\\\\][\\w.+-]+)+[/\\\\]?");
    private static final Pattern HEX = Pattern.compile("\\b0[xX][0-9a-fA-F]+\\b|\\b(?=[0-9a-fA-F]*[a-fA-F])(?=[0-9a-fA-F]*\\d)[0-9a-fA-F]{8,}\\b");
    private static final Pattern QUOTED = Pattern.compile("'[^'\\s]{1,200}'|\"[^\"\\s]{1,200}\"|`[^`\\s]{1,200}`");
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w<])[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?(?![\\w>])");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private MessageNormalizer() {
    }

    public static String normalize(String message) {
        if (message == null || message.isBlank()) {
            return "";
        }
        String s = SPACES.matcher(message.strip()).replaceAll(" ");
        s = QUOTED.matcher(s).replaceAll(m -> quoted(m.group()));
        s = PATH.matcher(s).replaceAll("<path>");
        s = HEX.matcher(s).replaceAll("<hex>");
        s = NUMBER.matcher(s).replaceAll("<n>");
        return s.length() <= MAX ? s : s.substring(0, MAX);
    }

    /** A quoted token: a path stays a path, a number a number, anything else is an identifier. */
    private static String quoted(String token) {
        String inner = token.substring(1, token.length() - 1);
        if (inner.contains("/") || inner.contains("\\")) {
            return "<path>";
        }
        if (NUMBER.matcher(inner).matches()) {
            return "<n>";
        }
        return "<id>";
    }
}
