package io.codeclab.orchestrator.propose.llm;

import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** What was spent on models per UTC day, kept where a restart does not lose it (DynamoDB in production). */
public interface DailySpendStore {

    /** USD spent on {@code day} so far (0 when nothing was recorded). */
    double spent(LocalDate day);

    /** Adds {@code usd} to {@code day}'s spend, atomically across processes. */
    void add(LocalDate day, double usd);

    /** A store in this process only: for tests and for a run without a budget. */
    static DailySpendStore inMemory() {
        Map<LocalDate, Double> days = new ConcurrentHashMap<>();
        return new DailySpendStore() {
            @Override
            public double spent(LocalDate day) {
                return days.getOrDefault(day, 0.0);
            }

            @Override
            public void add(LocalDate day, double usd) {
                days.merge(day, usd, Double::sum);
            }
        };
    }
}
