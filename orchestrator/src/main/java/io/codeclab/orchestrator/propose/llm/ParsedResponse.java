package io.codeclab.orchestrator.propose.llm;

import java.util.List;

/** What a model's answer holds: a whole program, edits to the champion, or nothing usable (and why). */
public sealed interface ParsedResponse {

    /** The one-line summary the model gave (or the first line of its prose), empty when none. */
    String summary();

    record WholeProgram(String code, String summary) implements ParsedResponse {
    }

    record EditList(List<Edits.Edit> edits, String summary) implements ParsedResponse {
        public EditList {
            edits = List.copyOf(edits);
        }
    }

    /**
     * Nothing to evaluate. {@code kind} is one of {@link ResponseParser#PARSE}, {@link ResponseParser#EMPTY},
     * {@link ResponseParser#TRUNCATED} and {@link ResponseParser#REFUSED}; {@code reason} says what was wrong.
     */
    record Unusable(String kind, String reason) implements ParsedResponse {
        @Override
        public String summary() {
            return "";
        }
    }
}
