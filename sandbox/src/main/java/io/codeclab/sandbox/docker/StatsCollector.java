package io.codeclab.sandbox.docker;

import com.github.dockerjava.api.model.Statistics;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Peak memory and CPU time from the engine's stats stream (its last sample before the exit). */
final class StatsCollector extends StreamEndWatcher<Statistics> {
    private final AtomicLong peak = new AtomicLong();
    private final AtomicLong cpuNanos = new AtomicLong();

    @Override
    public void onNext(Statistics s) {
        if (s.getMemoryStats() != null && s.getMemoryStats().getMaxUsage() != null) {
            peak.accumulateAndGet(s.getMemoryStats().getMaxUsage(), Math::max);
        } else if (s.getMemoryStats() != null && s.getMemoryStats().getUsage() != null) {
            peak.accumulateAndGet(s.getMemoryStats().getUsage(), Math::max);
        }
        if (s.getCpuStats() != null && s.getCpuStats().getCpuUsage() != null
                && s.getCpuStats().getCpuUsage().getTotalUsage() != null) {
            cpuNanos.accumulateAndGet(s.getCpuStats().getCpuUsage().getTotalUsage(), Math::max);
        }
    }

    long peakMemory() {
        return peak.get();
    }

    Duration cpu() {
        return Duration.ofNanos(cpuNanos.get());
    }
}
