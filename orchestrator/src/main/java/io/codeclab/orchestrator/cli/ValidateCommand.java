package io.codeclab.orchestrator.cli;

import io.codeclab.orchestrator.app.CodecLab;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a codec program against the policy (Python's own ast, in a sandboxed process).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:accepted", "1:internal error", "2:usage error", "3:rejected (violations printed)"})
final class ValidateCommand implements Callable<Integer> {

    @ParentCommand
    CodecLabCommand root;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE.py")
    Path file;

    @Option(names = "--json", description = "Print accepted, policyVersion and violations as JSON.")
    boolean json;

    @Override
    public Integer call() {
        String source = Inputs.readSource(spec.commandLine(), file);
        try (var lab = CodecLab.open(root.config())) {
            var verdict = lab.policyChecker().check(source, lab.policies().current());
            if (json) {
                var m = new LinkedHashMap<String, Object>();
                m.put("accepted", verdict.accepted());
                m.put("policyVersion", verdict.policyVersion());
                m.put("violations", verdict.violations());
                Output.json(m);
            } else {
                System.out.println((verdict.accepted() ? "accepted" : "rejected") + " by policy " + verdict.policyVersion());
                verdict.violations().forEach(v -> System.out.println(file + ":" + v.line() + ":" + v.column() + ": "
                        + v.rule() + ": " + v.message()));
            }
            return verdict.accepted() ? ExitCodes.OK : ExitCodes.REJECTED;
        }
    }
}
