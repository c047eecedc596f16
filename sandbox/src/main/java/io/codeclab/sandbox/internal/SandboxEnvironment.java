package io.codeclab.sandbox.internal;

import io.codeclab.sandbox.SandboxLimits;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The fixed environment of every sandboxed program: nothing of the host's, numeric libraries pinned to the granted CPUs. */
public final class SandboxEnvironment {

    private SandboxEnvironment() {
    }

    /** In a fixed order, so command lines and container configs are reproducible. */
    public static Map<String, String> forLimits(SandboxLimits limits) {
        String threads = Integer.toString(limits.threads());
        var env = new LinkedHashMap<String, String>();
        env.put("PATH", "/usr/bin:/bin");
        env.put("HOME", "/tmp");
        env.put("LANG", "C.UTF-8");
        env.put("OMP_NUM_THREADS", threads);
        env.put("OPENBLAS_NUM_THREADS", threads);
        env.put("MKL_NUM_THREADS", threads);
        env.put("NUMEXPR_NUM_THREADS", threads);
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        return Collections.unmodifiableMap(env);
    }
}
