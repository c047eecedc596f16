package io.codeclab.eval.protocol;

/** Whether a scored challenger should replace the champion, and why. */
public sealed interface AdoptionDecision {

    String reason();

    record Adopt(double bdRateVsChampionPercent, String reason) implements AdoptionDecision {
    }

    record Reject(String reason) implements AdoptionDecision {
    }
}
