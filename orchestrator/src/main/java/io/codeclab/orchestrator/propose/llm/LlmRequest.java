package io.codeclab.orchestrator.propose.llm;

import java.util.List;
import java.util.Objects;

/**
 * A conversation to send: the system text and the turns so far (a follow-up, such as asking for a whole
 * program after edits did not apply, appends the model's answer and a new user turn).
 */
public record LlmRequest(String system, List<Turn> turns) {

    public LlmRequest {
        Objects.requireNonNull(system, "system");
        turns = List.copyOf(turns);
        if (turns.isEmpty()) {
            throw new IllegalArgumentException("a request needs at least one user turn");
        }
    }

    public static LlmRequest of(String system, String user) {
        return new LlmRequest(system, List.of(Turn.user(user)));
    }

    /** This conversation followed by the model's {@code answer} and a new user {@code message}. */
    public LlmRequest followUp(String answer, String message) {
        var more = new java.util.ArrayList<>(turns);
        more.add(new Turn(Role.ASSISTANT, answer));
        more.add(Turn.user(message));
        return new LlmRequest(system, more);
    }

    public enum Role { USER, ASSISTANT }

    public record Turn(Role role, String text) {
        public Turn {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(text, "text");
        }

        public static Turn user(String text) {
            return new Turn(Role.USER, text);
        }
    }
}
