package io.codeclab.orchestrator.cli;

import io.codeclab.orchestrator.app.CodecLab;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "versions", mixinStandardHelpOptions = true, description = "The adoption history, version 0 first.")
final class VersionsCommand implements Callable<Integer> {

    @ParentCommand
    CodecLabCommand root;

    @Option(names = "--json", description = "Print {\"versions\": [...]} on stdout.")
    boolean json;

    @Override
    public Integer call() {
        try (var lab = CodecLab.open(root.config())) {
            lab.champion();
            var versions = lab.experiments().versions();
            if (json) {
                Output.json(Map.of("versions", versions));
            } else {
                System.out.printf("%-8s %-30s %-26s %s%n", "VERSION", "EXPERIMENT", "ADOPTED AT", "BD-RATE VS PREVIOUS");
                for (var v : versions) {
                    System.out.printf(Locale.ROOT, "%-8s %-30s %-26s %s%n", "v" + v.version(),
                            v.experimentId().isEmpty() ? "(built-in baseline)" : v.experimentId(), v.adoptedAt(),
                            v.bdRateVsPreviousPercent() == null ? "" : String.format(Locale.ROOT, "%+.2f %%",
                                    v.bdRateVsPreviousPercent()));
                }
            }
            return ExitCodes.OK;
        }
    }
}
