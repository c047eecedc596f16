package io.codeclab.bench.cli;

import io.codeclab.orchestrator.cli.CodecLabCommand;
import picocli.CommandLine;

/**
 * Entry point of {@code scripts/codec-lab bench ...}: the product's root command with {@link BenchCommand}
 * added, so that the benchmarks keep their options, help, inherited {@code --config} and exit codes, while
 * the production command line (the orchestrator's {@code Main}) carries no benchmark code.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return CodecLabCommand.commandLine().addSubcommand(new BenchCommand());
    }
}
