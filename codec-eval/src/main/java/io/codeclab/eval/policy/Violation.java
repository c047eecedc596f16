package io.codeclab.eval.policy;

import java.util.Objects;

/**
 * One policy violation of a candidate program.
 *
 * @param line    1-based line of the offending code
 * @param column  1-based column (characters) of the offending code
 * @param rule    stable rule id, e.g. {@code denied-builtin}, {@code dunder-attribute}, {@code syntax-error}
 * @param message one line that says what is wrong and, where there is one, what to use instead
 */
public record Violation(int line, int column, String rule, String message) {

    public Violation {
        if (line < 1) {
            throw new IllegalArgumentException("line must be at least 1, was " + line);
        }
        if (column < 1) {
            throw new IllegalArgumentException("column must be at least 1, was " + column);
        }
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(message, "message");
        if (rule.isBlank()) {
            throw new IllegalArgumentException("rule must not be blank");
        }
    }

    /** {@code line:column rule: message}, the form used in LLM feedback. */
    public String describe() {
        return line + ":" + column + " " + rule + ": " + message;
    }
}
