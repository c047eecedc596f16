package io.codeclab.orchestrator.run;

import io.codeclab.sandbox.SandboxOutcome;
import io.codeclab.sandbox.SandboxResult;
import java.util.LinkedHashMap;
import java.util.Map;

/** A sandbox result in the field names scripts rely on (SPEC §2 {@code sandbox run}), for JSON and logs. */
public final class SandboxReports {

    private SandboxReports() {
    }

    public static Map<String, Object> of(SandboxResult result) {
        var m = new LinkedHashMap<String, Object>();
        m.put("status", result.status());
        m.put("exitCode", result.exitCode());
        m.put("wallSeconds", result.wall().toMillis() / 1000.0);
        m.put("cpuSeconds", result.cpu().toMillis() / 1000.0);
        m.put("peakMemoryBytes", result.peakMemoryBytes());
        m.put("stdoutTail", result.stdoutTail());
        m.put("stderrTail", result.stderrTail());
        m.put("backend", result.backend());
        if (result.outcome() instanceof SandboxOutcome.SandboxError e) {
            m.put("reason", e.reason());
        }
        return m;
    }
}
