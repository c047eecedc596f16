package io.codeclab.orchestrator.cli;

import picocli.CommandLine;

/** Entry point of {@code scripts/codec-lab}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(CodecLabCommand.commandLine().execute(args));
    }
}
