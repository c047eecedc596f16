package io.codeclab.sandbox;

import java.time.Duration;

/**
 * How a sandboxed run ended: a closed set, one record per status of the command-line contract (OUTPUT_LIMIT has
 * two, one per cap: bytes or files).
 */
public sealed interface SandboxOutcome {

    /** The status name used on the command line and in JSON: OK, TIMEOUT, OOM, CRASH, OUTPUT_LIMIT, SANDBOX_ERROR. */
    String status();

    /** The program exited with status 0 within every limit. */
    record Ok() implements SandboxOutcome {
        public String status() { return "OK"; }
    }

    /** The wall-clock limit passed; the whole run was killed from outside. */
    record Timeout(Duration limit) implements SandboxOutcome {
        public String status() { return "TIMEOUT"; }
    }

    /** The kernel's OOM killer ended the program or one of its children. */
    record OutOfMemory(long limitBytes) implements SandboxOutcome {
        public String status() { return "OOM"; }
    }

    /** Non-zero exit, or death by a signal ({@code signal} is 0 when it exited normally). */
    record Crash(int exitCode, int signal) implements SandboxOutcome {
        public String status() { return "CRASH"; }
    }

    /** The program wrote more bytes to {@code /output} (or its streams) than allowed. */
    record OutputLimit(long limitBytes) implements SandboxOutcome {
        public String status() { return "OUTPUT_LIMIT"; }
    }

    /** The program created more files (directories and links count too) in {@code /output} than allowed. */
    record OutputFileLimit(int limitFiles) implements SandboxOutcome {
        public String status() { return "OUTPUT_LIMIT"; }
    }

    /** The sandbox itself failed; says nothing about the program. */
    record SandboxError(String reason) implements SandboxOutcome {
        public String status() { return "SANDBOX_ERROR"; }
    }
}
