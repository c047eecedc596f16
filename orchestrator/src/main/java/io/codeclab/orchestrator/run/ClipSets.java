package io.codeclab.orchestrator.run;

import io.codeclab.eval.harness.Clip;
import java.util.List;

/** The search set (cheap screening) and the held-out adoption set: different clips, both real footage. */
public record ClipSets(List<Clip> search, List<Clip> adoption) {
    public ClipSets {
        search = List.copyOf(search);
        adoption = List.copyOf(adoption);
        if (search.isEmpty() || adoption.isEmpty()) {
            throw new IllegalArgumentException("both the search and the adoption set need at least one clip");
        }
    }
}
