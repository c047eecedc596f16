package io.codeclab.orchestrator.propose;

import io.codeclab.eval.harness.CodecProgram;
import io.codeclab.orchestrator.experiment.LlmUsage;
import java.util.Objects;

/**
 * A candidate program and where it came from: {@code source} is the model name or {@code offline};
 * {@code summary} says in one line what changed; prompt and response are kept as artifacts.
 */
public record Proposal(CodecProgram program, String source, String summary, String prompt, String response,
                       LlmUsage usage) {
    public Proposal {
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(summary, "summary");
        prompt = prompt == null ? "" : prompt;
        response = response == null ? "" : response;
        usage = usage == null ? LlmUsage.NONE : usage;
    }
}
