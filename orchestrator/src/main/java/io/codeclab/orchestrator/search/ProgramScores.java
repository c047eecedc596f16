package io.codeclab.orchestrator.search;

import io.codeclab.eval.harness.CodecProgram;
import io.codeclab.orchestrator.propose.llm.NormalizedCode;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A program's score from the program database, for the offline optimiser's replay. A score, once recorded, never
 * changes, so found scores are kept (a replay asks for every earlier point again); unknown ones are asked again.
 */
public final class ProgramScores implements Function<CodecProgram, OptionalDouble> {

    private final ProgramDatabase programs;
    private final ConcurrentHashMap<String, Double> known = new ConcurrentHashMap<>();

    public ProgramScores(ProgramDatabase programs) {
        this.programs = programs;
    }

    @Override
    public OptionalDouble apply(CodecProgram program) {
        String hash = NormalizedCode.sha256(program.source());
        Double score = known.get(hash);
        if (score == null) {
            var entry = programs.find(hash);
            if (entry.isEmpty()) {
                return OptionalDouble.empty();
            }
            score = entry.get().score();
            known.put(hash, score);
        }
        return OptionalDouble.of(score);
    }
}
