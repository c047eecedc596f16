package io.codeclab.orchestrator.propose.llm;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The most a UTC day may spend on models ({@code CODEC_LAB_LLM_DAILY_BUDGET_USD}). Checked before every call:
 * once the day's recorded spend reaches the budget, calls fail with kind {@code Budget} until midnight UTC.
 * The spend lives in a {@link DailySpendStore} so a restart does not reset it. A call in flight when the
 * budget runs out still completes: the overshoot is at most one call.
 */
public final class DailyBudget {

    private static final Logger log = LoggerFactory.getLogger(DailyBudget.class);

    private final double limitUsd;
    private final DailySpendStore store;
    private final Clock clock;

    /** @param limitUsd the daily limit; 0 or less: no limit (spend is still recorded) */
    public DailyBudget(double limitUsd, DailySpendStore store, Clock clock) {
        this.limitUsd = limitUsd;
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public static DailyBudget unlimited() {
        return new DailyBudget(0, DailySpendStore.inMemory(), Clock.systemUTC());
    }

    public boolean limited() {
        return limitUsd > 0;
    }

    /** @throws LlmCallException kind {@code Budget} when today's spend reached the budget or cannot be read */
    public void check() {
        if (!limited()) {
            return;
        }
        LocalDate today = today();
        double spent;
        try {
            spent = store.spent(today);
        } catch (RuntimeException e) {
            String message = "cannot read today's LLM spend, so no model is called (the daily budget could not be"
                    + " enforced): " + e.getMessage();
            log.error(message);
            throw new LlmCallException("Budget", message, e);
        }
        if (spent >= limitUsd) {
            String message = String.format(Locale.ROOT, "the daily LLM budget is spent: %.4f USD of %.2f USD on %s"
                    + " (CODEC_LAB_LLM_DAILY_BUDGET_USD); no more model calls until 00:00 UTC", spent, limitUsd, today);
            log.warn(message);
            throw new LlmCallException("Budget", message);
        }
    }

    /** Adds a call's cost to today's spend. A store failure is logged, not thrown: the answer was paid for. */
    public void record(double usd) {
        if (usd <= 0) {
            return;
        }
        try {
            store.add(today(), usd);
        } catch (RuntimeException e) {
            log.error("could not record {} USD of LLM spend; today's total is understated: {}", usd, e.getMessage());
        }
    }

    public double spentToday() {
        return store.spent(today());
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }
}
