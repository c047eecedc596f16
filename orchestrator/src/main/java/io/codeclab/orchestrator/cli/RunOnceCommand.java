package io.codeclab.orchestrator.cli;

import io.codeclab.orchestrator.app.CodecLab;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "run-once", mixinStandardHelpOptions = true,
        description = "Run exactly one experiment end to end and print its record.")
final class RunOnceCommand implements Callable<Integer> {

    @ParentCommand
    CodecLabCommand root;

    @Option(names = "--json", description = "Print the record as one JSON document on stdout.")
    boolean json;

    @Override
    public Integer call() {
        try (var lab = CodecLab.open(root.config())) {
            var record = lab.runner().runOnce();
            if (json) {
                Output.json(record);
            } else {
                Output.experimentDetail(record, System.out);
            }
            return ExitCodes.OK;
        }
    }
}
