package io.codeclab.eval.harness;

import io.codeclab.sandbox.Sandbox;
import io.codeclab.sandbox.SandboxResult;
import io.codeclab.sandbox.SandboxTask;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real sandbox that also remembers the command of every task it ran, so a test can tell which programs
 * ran (the policy checker's script or the codec harness) without replacing the sandbox.
 */
public final class RecordingSandbox implements Sandbox {

    private final Sandbox delegate;
    private final List<List<String>> commands = new CopyOnWriteArrayList<>();

    public RecordingSandbox(Sandbox delegate) {
        this.delegate = delegate;
    }

    @Override
    public SandboxResult run(SandboxTask task) {
        commands.add(List.copyOf(task.command()));
        return delegate.run(task);
    }

    @Override
    public String backend() {
        return delegate.backend();
    }

    @Override
    public void close() {
        delegate.close();
    }

    /** Commands of every run so far, in order. */
    public List<List<String>> commands() {
        return List.copyOf(commands);
    }

    /** How many runs executed the codec harness (that is, a candidate's code). */
    public long harnessRuns() {
        return commands.stream()
                .filter(c -> c.contains(SandboxTask.CODE_MOUNT + "/" + CodecHarness.HARNESS_SCRIPT))
                .count();
    }

    public void clear() {
        commands.clear();
    }
}
