package io.codeclab.orchestrator.run;

import io.codeclab.eval.codecs.BuiltInCodecs;
import io.codeclab.eval.harness.CodecProgram;
import io.codeclab.orchestrator.artifact.ArtifactStore;
import io.codeclab.orchestrator.experiment.Champion;
import io.codeclab.orchestrator.experiment.ExperimentStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/** Version 0 on first use: the built-in baseline, its code stored under versions/v0. */
public final class Champions {

    private Champions() {
    }

    /** The current champion, creating version 0 if the store has none (race-safe: the store decides). */
    public static Champion current(ExperimentStore store, ArtifactStore artifacts, Clock clock) {
        return store.champion().orElseGet(() -> {
            var baseline = BuiltInCodecs.baseline();
            String key = artifacts.put(ArtifactStore.versionCodeKey(0, "baseline"),
                    baseline.source().getBytes(StandardCharsets.UTF_8), "text/x-python");
            return store.initialiseChampion(new Champion(0, "", key, baseline.sha256(), clock.instant()));
        });
    }

    /**
     * The champion's code from the artifact store, verified against the {@code codeSha256} of its record.
     *
     * @throws ChampionCodeException when the code is missing or is not the code the record names
     */
    public static CodecProgram code(Champion champion, ArtifactStore artifacts) {
        byte[] bytes = artifacts.get(champion.codeKey()).orElseThrow(() -> new ChampionCodeException(
                ChampionCodeException.MISSING, "the code of champion v" + champion.version()
                + " is missing from the artifact store at " + champion.codeKey()
                + ": restore the object (versions/ holds every adopted version) before running experiments"));
        var program = new CodecProgram(new String(bytes, StandardCharsets.UTF_8));
        if (!program.sha256().equals(champion.codeSha256())) {
            throw new ChampionCodeException(ChampionCodeException.MISMATCH, "the code of champion v"
                    + champion.version() + " at " + champion.codeKey() + " has SHA-256 " + program.sha256()
                    + ", but its record says " + champion.codeSha256() + ": the artifact store was changed outside"
                    + " codec-lab; restore the original object (or investigate who wrote it) before running experiments");
        }
        return program;
    }
}
