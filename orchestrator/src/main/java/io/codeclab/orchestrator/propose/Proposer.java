package io.codeclab.orchestrator.propose;

/** Proposes the next candidate codec program. Implementations: {@link OfflineProposer}, LLM-backed ones. */
public interface Proposer {

    Proposal propose(ExperimentContext context);

    /** {@code offline} or the model's name: what records show as the experiment's source. */
    String name();
}
