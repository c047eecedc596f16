package io.codeclab.orchestrator.execlog;

import io.codeclab.orchestrator.propose.FailingRegions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Failing regions of the tunables from the log: for each tunable, the values attempts moved it to, failed or passed
 * (the parent's value counts as passed: the champion ran). Beyond the highest passing value, at least
 * {@value #RECURRING} failures mark everything from the lowest of them up as failing; likewise below the lowest
 * passing value.
 */
final class TunableRegions implements FailingRegions {

    static final int RECURRING = 2;

    private final Map<String, double[]> bounds; // {failing at or above, failing at or below}

    private TunableRegions(Map<String, double[]> bounds) {
        this.bounds = bounds;
    }

    static TunableRegions of(List<LogRecord> records) {
        var passes = new HashMap<String, List<Double>>();
        var failures = new HashMap<String, List<Double>>();
        for (var a : Attempt.of(records)) {
            if (!a.evaluated()) {
                continue;
            }
            a.parentTunables().forEach((k, v) -> passes.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
            a.tunables().forEach((k, v) -> (a.passed() ? passes : failures).computeIfAbsent(k, x -> new ArrayList<>())
                    .add(v));
        }
        var bounds = new HashMap<String, double[]>();
        failures.forEach((name, fails) -> {
            var ok = passes.getOrDefault(name, List.of());
            double maxOk = ok.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NEGATIVE_INFINITY);
            double minOk = ok.stream().mapToDouble(Double::doubleValue).min().orElse(Double.POSITIVE_INFINITY);
            var above = fails.stream().filter(v -> v > maxOk).toList();
            var below = fails.stream().filter(v -> v < minOk).toList();
            double high = above.size() >= RECURRING ? above.stream().mapToDouble(Double::doubleValue).min().orElseThrow()
                    : Double.POSITIVE_INFINITY;
            double low = below.size() >= RECURRING && !ok.isEmpty()
                    ? below.stream().mapToDouble(Double::doubleValue).max().orElseThrow() : Double.NEGATIVE_INFINITY;
            if (high != Double.POSITIVE_INFINITY || low != Double.NEGATIVE_INFINITY) {
                bounds.put(name, new double[] {high, low});
            }
        });
        return new TunableRegions(bounds);
    }

    @Override
    public boolean keepsFailing(String tunable, double value) {
        var b = bounds.get(tunable);
        return b != null && (value >= b[0] || value <= b[1]);
    }

    @Override
    public String toString() {
        var text = new StringBuilder();
        bounds.forEach((k, b) -> text.append(k).append(b[0] != Double.POSITIVE_INFINITY ? " >= " + b[0] : "")
                .append(b[1] != Double.NEGATIVE_INFINITY ? " <= " + b[1] : "").append("; "));
        return text.toString();
    }
}
