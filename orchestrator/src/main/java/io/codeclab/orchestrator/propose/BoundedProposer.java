package io.codeclab.orchestrator.propose;

import java.util.concurrent.Semaphore;

/**
 * A proposer that takes at most {@code calls} proposals at once, however many experiments are in flight: the pool
 * of proposer calls (a model's rate limit and the machine's CPU for the offline optimiser are shared budgets).
 * Callers wait in arrival order.
 */
public final class BoundedProposer implements Proposer {

    private final Proposer proposer;
    private final int calls;
    private final Semaphore free;

    public BoundedProposer(Proposer proposer, int calls) {
        if (calls < 1) {
            throw new IllegalArgumentException("at least one proposer call must be allowed, was " + calls);
        }
        this.proposer = proposer;
        this.calls = calls;
        this.free = new Semaphore(calls, true);
    }

    /**
     * @throws ProposalException (kind {@code Interrupted}) when the experiment is stopped while waiting for a call
     */
    @Override
    public Proposal propose(ExperimentContext context) {
        try {
            free.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProposalException("Interrupted", "stopped while waiting for one of " + calls
                    + " proposer calls");
        }
        try {
            return proposer.propose(context);
        } finally {
            free.release();
        }
    }

    @Override
    public String name() {
        return proposer.name();
    }

    /** Calls in progress now. */
    public int busy() {
        return calls - free.availablePermits();
    }
}
