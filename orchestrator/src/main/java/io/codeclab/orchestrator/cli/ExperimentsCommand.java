package io.codeclab.orchestrator.cli;

import io.codeclab.orchestrator.app.CodecLab;
import io.codeclab.orchestrator.experiment.ExperimentStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "experiments", mixinStandardHelpOptions = true, description = "Query recorded experiments.",
        subcommands = {ExperimentsCommand.List.class, ExperimentsCommand.Show.class})
final class ExperimentsCommand {

    @ParentCommand
    CodecLabCommand root;

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The newest experiments first.")
    static final class List implements Callable<Integer> {
        @ParentCommand
        ExperimentsCommand parent;

        @Option(names = "--limit", defaultValue = "20", description = "How many (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--status", paramLabel = "S", description = "Only this status: ${COMPLETION-CANDIDATES}.")
        ExperimentStatus status;

        @Option(names = "--json", description = "Print {\"experiments\": [...]} on stdout.")
        boolean json;

        @Override
        public Integer call() {
            if (limit < 1 || limit > 1000) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--limit must be within 1..1000");
            }
            try (var lab = CodecLab.open(parent.root.config())) {
                var records = status == null ? lab.experiments().latest(limit)
                        : lab.experiments().byStatus(status, limit);
                if (json) {
                    var now = java.time.Instant.now();
                    Output.json(Map.of("experiments", records.stream().map(r -> Output.json(r, now)).toList()));
                } else {
                    Output.experimentTable(records, System.out);
                }
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One experiment's record.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        ExperimentsCommand parent;

        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = "--json", description = "Print the record as one JSON document on stdout.")
        boolean json;

        @Option(names = "--artifacts", description = "Also list the experiment's artifacts in the artifact store.")
        boolean listArtifacts;

        @Option(names = "--fetch", paramLabel = "DIR", description = "Download the experiment's artifacts into DIR.")
        Path fetchDir;

        @Override
        public Integer call() throws Exception {
            try (var lab = CodecLab.open(parent.root.config())) {
                var found = lab.experiments().find(id);
                if (found.isEmpty()) {
                    System.err.println("codec-lab: no experiment with id " + id);
                    return ExitCodes.REJECTED;
                }
                var record = found.get();
                String prefix = "experiments/" + id + "/";
                java.util.List<String> keys = listArtifacts || fetchDir != null ? lab.artifacts().list(prefix)
                        : java.util.List.of();
                if (fetchDir != null) {
                    for (String key : keys) {
                        Path target = fetchDir.resolve(key.substring(prefix.length())).normalize();
                        if (!target.startsWith(fetchDir.normalize())) {
                            throw new IllegalStateException("artifact key escapes the target directory: " + key);
                        }
                        Files.createDirectories(target.getParent());
                        Files.write(target, lab.artifacts().get(key).orElseThrow());
                    }
                }
                if (json) {
                    var shown = Output.json(record, java.time.Instant.now());
                    if (listArtifacts || fetchDir != null) {
                        Map<String, Object> out = new LinkedHashMap<>(lab.json().convertValue(shown, Map.class));
                        out.put("artifactKeys", keys);
                        Output.json(out);
                    } else {
                        Output.json(shown);
                    }
                } else {
                    Output.experimentDetail(record, System.out);
                    keys.forEach(k -> System.out.println("  stored      " + k));
                    if (fetchDir != null) {
                        System.out.println("  fetched " + keys.size() + " artifact(s) into " + fetchDir);
                    }
                }
                return ExitCodes.OK;
            }
        }
    }
}
