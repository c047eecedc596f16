package io.codeclab.eval.protocol;

import java.util.Optional;

/**
 * Novelty before cost, by behaviour: after the smoke stage, the program's behaviour hash (its bitstreams on the
 * smoke clip at the smoke quality and at the protocol's lowest and highest) is offered here; a program that behaves
 * like the champion or like one seen before stops there, before the search set is paid for. The gate decides what
 * "seen" means (the program database claims the hash with a conditional write).
 */
@FunctionalInterface
public interface NoveltyGate {

    /** No novelty check at all: no probe runs, nothing is skipped (what {@code eval} and the playground use). */
    NoveltyGate NONE = behaviour -> Optional.empty();

    /**
     * @param behaviourSha256 the probe's hash
     * @return empty when the behaviour is new (the gate now holds it for this evaluation); otherwise what showed it
     *         first, in words for the record and the next prompt
     */
    Optional<String> seenBefore(String behaviourSha256);
}
