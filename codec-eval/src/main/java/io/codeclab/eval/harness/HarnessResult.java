package io.codeclab.eval.harness;

/** The result of one side (encode or decode) of a codec program: a value, or a failure; always the run. */
public sealed interface HarnessResult<T> {

    SandboxRun run();

    record Success<T>(T value, SandboxRun run) implements HarnessResult<T> {
    }

    record Failed<T>(EvaluationFailure failure, SandboxRun run) implements HarnessResult<T> {
    }
}
