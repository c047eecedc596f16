package io.codeclab.orchestrator.execlog;

import java.util.Optional;

/** A prose summary of an analysis: a language model's ({@link LlmSummary}), or none when no model is configured. */
@FunctionalInterface
public interface AnalysisSummary {

    AnalysisSummary NONE = analysis -> Optional.empty();

    /** The summary of {@code analysis}; empty when there is no summariser (an empty string when it failed this time). */
    Optional<String> of(LogAnalysis analysis);
}
