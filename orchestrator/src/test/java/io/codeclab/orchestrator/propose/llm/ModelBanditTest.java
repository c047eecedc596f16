package io.codeclab.orchestrator.propose.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeclab.orchestrator.experiment.ExperimentRecord;
import io.codeclab.orchestrator.experiment.ExperimentStatus;
import io.codeclab.orchestrator.experiment.LlmUsage;
import io.codeclab.orchestrator.propose.llm.ModelBandit.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ModelBanditTest {

    private static List<Outcome> history(String model, int experiments, int adoptions, double gain, double cost) {
        var list = new ArrayList<Outcome>();
        for (int i = 0; i < experiments; i++) {
            list.add(new Outcome(model, i < adoptions, i < adoptions ? gain : 0, cost));
        }
        return list;
    }

    private static Map<String, Integer> picks(ModelBandit bandit, List<String> models, int n) {
        var counts = new java.util.HashMap<String, Integer>();
        models.forEach(m -> counts.put(m, 0));
        for (int i = 0; i < n; i++) {
            counts.merge(bandit.pick(models), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void theModelThatGetsAdoptedIsPickedMostButTheOtherIsStillExplored() {
        var history = new ArrayList<Outcome>();
        history.addAll(history("openai:a", 20, 8, 2.0, 0.01));
        history.addAll(history("anthropic:b", 20, 0, 0, 0.01));
        var bandit = new ModelBandit(0.1, new Random(7), () -> history);

        var counts = picks(bandit, List.of("openai:a", "anthropic:b"), 2000);

        assertThat(counts.get("openai:a")).isBetween(1800, 1975);
        // The exploration floor: about half of 10% of the picks go to the loser anyway.
        assertThat(counts.get("anthropic:b")).isBetween(50, 200);
    }

    @Test
    void atEqualAdoptionTheCheaperModelWins() {
        var history = new ArrayList<Outcome>();
        history.addAll(history("openai:pricey", 30, 6, 1.0, 0.20));
        history.addAll(history("openai:cheap", 30, 6, 1.0, 0.01));
        var bandit = new ModelBandit(0.0, new Random(11), () -> history);

        var counts = picks(bandit, List.of("openai:pricey", "openai:cheap"), 1000);

        assertThat(counts.get("openai:cheap")).isGreaterThan(900);
    }

    @Test
    void withoutHistoryEveryModelGetsTried() {
        var bandit = new ModelBandit(0.0, new Random(3), List::of);

        var counts = picks(bandit, List.of("x:1", "x:2", "x:3"), 900);

        assertThat(counts.values()).allSatisfy(c -> assertThat(c).isBetween(200, 400));
    }

    @Test
    void aFailingHistoryStillPicks() {
        var bandit = new ModelBandit(0.0, new Random(3), () -> {
            throw new IllegalStateException("store down");
        });
        assertThat(bandit.pick(List.of("x:1", "x:2"))).isIn("x:1", "x:2");
    }

    @Test
    void outcomesComeFromFinishedRecordsOnly() {
        var now = Instant.parse("2026-12-01T10:00:00Z");
        var adopted = record("e1", ExperimentStatus.ADOPTED, "openai:a", -4.5, 0.03, now);
        var rejected = record("e2", ExperimentStatus.REJECTED, "openai:a", 2.0, 0.02, now);
        var running = record("e3", ExperimentStatus.EVALUATING, "openai:a", null, 0.01, now);
        var offline = record("e4", ExperimentStatus.ADOPTED, "offline", -1.0, 0, now);

        var outcomes = ModelBandit.outcomes(List.of(adopted, rejected, running, offline));

        assertThat(outcomes).containsExactly(
                new Outcome("openai:a", true, 4.5, 0.03),
                new Outcome("openai:a", false, 0, 0.02),
                new Outcome("offline", true, 1.0, 0));
    }

    @Test
    void betaSamplesHaveTheRightMean() {
        var random = new Random(5);
        double sum = 0;
        for (int i = 0; i < 20_000; i++) {
            sum += ModelBandit.beta(random, 3, 7);
        }
        assertThat(sum / 20_000).isBetween(0.29, 0.31);
    }

    private static ExperimentRecord record(String id, ExperimentStatus status, String source, Double bdRate,
                                           double cost, Instant at) {
        return new ExperimentRecord(id, status, 1, status == ExperimentStatus.ADOPTED ? 2 : null, source,
                "ab".repeat(32), null, "s", new LlmUsage(10, 10, cost, 100), List.of(), List.of(), List.of(),
                bdRate, null, null, Map.of(), null, null, at, at);
    }
}
