package io.codeclab.orchestrator.experiment;

/** Where an experiment stands. SCORED is the only state from which ADOPTED or REJECTED may follow. */
public enum ExperimentStatus {
    PROPOSED, VALIDATING, SCREENING, EVALUATING, SCORED, ADOPTED, REJECTED, FAILED, ABANDONED;

    /** Terminal states never change again. */
    public boolean isTerminal() {
        return this == ADOPTED || this == REJECTED || this == FAILED || this == ABANDONED;
    }

    /**
     * States in which an experiment holds a lease: every state before a terminal one. SCORED too, so that
     * an experiment whose process dies between scoring and the decision is abandoned like any other.
     */
    public boolean isRunning() {
        return !isTerminal();
    }
}
