package io.codeclab.orchestrator.propose;

/**
 * Values of tunables that kept failing, as the execution log saw them: the offline proposer does not move a
 * tunable into such a region again.
 */
@FunctionalInterface
public interface FailingRegions {

    FailingRegions NONE = (tunable, value) -> false;

    /** Whether setting {@code tunable} to {@code value} lands where earlier attempts kept failing. */
    boolean keepsFailing(String tunable, double value);
}
