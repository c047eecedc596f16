package io.codeclab.orchestrator.propose.llm;

import io.codeclab.eval.Sha256;

/**
 * A Python program with what cannot change its behaviour removed, and the hash of that: the key that says
 * "evaluated already" even when a model re-sends a program with new comments.
 *
 * <p>Removed, by a small scanner that knows Python's string literals (so a {@code #} or a quote inside a
 * string is left alone): comments; docstrings and every other statement that is nothing but a plain or bytes
 * string literal (at bracket depth 0, not on a continued line; f-strings stay, they may call code); blank
 * lines; trailing whitespace; {@code \r}; and spaces between tokens where at least one neighbour is not part of
 * a name or number ({@code x=1} and {@code x = 1} are one program). Kept: indentation and everything inside
 * string literals. Two programs with the same key differ only in those removed parts.
 */
public final class NormalizedCode {

    private NormalizedCode() {
    }

    /** The normalised text: one line per remaining source line, each ending in {@code \n}. */
    public static String of(String source) {
        String s = source.replace("\r\n", "\n").replace('\r', '\n');
        var out = new StringBuilder(s.length());
        var line = new StringBuilder();
        int n = s.length();
        int depth = 0;
        boolean continued = false;
        int i = 0;
        boolean lineStart = true;
        while (i < n) {
            if (lineStart) {
                lineStart = false;
                int j = i;
                while (j < n && (s.charAt(j) == ' ' || s.charAt(j) == '\t')) {
                    j++;
                }
                if (depth == 0 && !continued) {
                    int end = plainStringEnd(s, j);
                    if (end > 0) {
                        int k = end;
                        while (k < n && (s.charAt(k) == ' ' || s.charAt(k) == '\t')) {
                            k++;
                        }
                        if (k < n && s.charAt(k) == '#') {
                            while (k < n && s.charAt(k) != '\n') {
                                k++;
                            }
                        }
                        if (k >= n || s.charAt(k) == '\n') {
                            i = k; // the whole statement is a string literal: dropped with its line
                            continue;
                        }
                    }
                }
                line.append(s, i, j);
                i = j;
                continued = false;
                continue;
            }
            char c = s.charAt(i);
            if (c == '\n') {
                flush(line, out);
                lineStart = true;
                i++;
            } else if (c == '#') {
                while (i < n && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '\'' || c == '"') {
                int end = stringEnd(s, i);
                line.append(s, i, end);
                i = end;
            } else if (c == ' ' || c == '\t') {
                int j = i;
                while (j < n && (s.charAt(j) == ' ' || s.charAt(j) == '\t')) {
                    j++;
                }
                char before = line.isEmpty() ? ' ' : line.charAt(line.length() - 1);
                char after = j < n ? s.charAt(j) : ' ';
                if (isWordChar(before) && isWordChar(after)) {
                    line.append(' ');
                }
                i = j;
            } else if (c == '\\' && i + 1 < n && s.charAt(i + 1) == '\n') {
                line.append('\\');
                flush(line, out);
                continued = true;
                lineStart = true;
                i += 2;
            } else {
                if (c == '(' || c == '[' || c == '{') {
                    depth++;
                } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
                    depth--;
                }
                line.append(c);
                i++;
            }
        }
        flush(line, out);
        return out.toString();
    }

    /** Hex SHA-256 of {@link #of}'s UTF-8 bytes. */
    public static String sha256(String source) {
        return Sha256.hex(of(source));
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static void flush(StringBuilder line, StringBuilder out) {
        int end = line.length();
        while (end > 0 && Character.isWhitespace(line.charAt(end - 1))) {
            end--;
        }
        boolean blank = true;
        for (int k = 0; k < end; k++) {
            if (!Character.isWhitespace(line.charAt(k))) {
                blank = false;
                break;
            }
        }
        if (!blank) {
            out.append(line, 0, end).append('\n');
        }
        line.setLength(0);
    }

    /**
     * Where a plain or bytes string literal starting at {@code start} (prefixes r, b, u in any case and order)
     * ends, or -1 when none starts there (f-strings count as none: evaluating one may call code).
     */
    private static int plainStringEnd(String s, int start) {
        int i = start;
        while (i < s.length() && i - start < 2 && "rRbBuU".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        if (i >= s.length() || (s.charAt(i) != '\'' && s.charAt(i) != '"')) {
            return -1;
        }
        return stringEnd(s, i);
    }

    /** The index after the string literal whose opening quote is at {@code q} (end of text when unclosed). */
    private static int stringEnd(String s, int q) {
        char quote = s.charAt(q);
        int n = s.length();
        boolean triple = q + 2 < n && s.charAt(q + 1) == quote && s.charAt(q + 2) == quote;
        int i = q + (triple ? 3 : 1);
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\\') {
                i += 2; // an escaped character never ends a literal, raw or not
            } else if (triple) {
                if (c == quote && i + 2 < n && s.charAt(i + 1) == quote && s.charAt(i + 2) == quote) {
                    return i + 3;
                }
                i++;
            } else if (c == quote) {
                return i + 1;
            } else if (c == '\n') {
                return i; // unterminated single-quoted literal: Python rejects it; stop at the line's end
            } else {
                i++;
            }
        }
        return n;
    }
}
