package io.codeclab.sandbox.internal;

import io.codeclab.sandbox.SandboxLimits;
import io.codeclab.sandbox.SandboxTask;

/** Whether a run's {@code /output} holds more bytes or more entries than its limits allow. */
final class OutputCaps {

    private OutputCaps() {
    }

    /** Measures the output directory (stopping early past either cap) and records on the run which cap it passed. */
    static boolean exceeded(RunState run, SandboxTask task) {
        SandboxLimits limits = task.limits();
        var usage = HostDirectories.usageUpTo(task.outputDir(), limits.outputCapBytes(), limits.outputCapFiles());
        if (usage.bytes() > limits.outputCapBytes()) {
            run.outputExceeded.set(true);
            return true;
        }
        if (usage.entries() > limits.outputCapFiles()) {
            run.tooManyOutputFiles.set(true);
            return true;
        }
        return false;
    }
}
