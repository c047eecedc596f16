package io.codeclab.orchestrator.cli;

import io.codeclab.orchestrator.app.CodecLab;
import java.util.LinkedHashMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "prompt", mixinStandardHelpOptions = true,
        description = "Print the prompt the next experiment would send to a language model, without calling any"
                + " model: the contract, the policy's rules, the champion with its points, earlier programs and"
                + " the feedback on recent experiments.")
final class PromptCommand implements Callable<Integer> {

    @ParentCommand
    CodecLabCommand root;

    @Option(names = "--json", description = "Print {system, user, championVersion, championExperimentId,"
            + " policyVersion, earlierExperiments, proposer} on stdout.")
    boolean json;

    @Override
    public Integer call() {
        try (var lab = CodecLab.open(root.config())) {
            var next = lab.nextPrompt();
            if (json) {
                var m = new LinkedHashMap<String, Object>();
                m.put("system", next.prompt().system());
                m.put("user", next.prompt().user());
                m.put("championVersion", next.context().champion().version());
                m.put("championExperimentId", next.context().champion().experimentId());
                m.put("policyVersion", next.evidence().policy().version());
                m.put("earlierExperiments", next.evidence().earlier().stream().map(e -> e.record().id()).toList());
                m.put("proposer", lab.config().proposer());
                Output.json(m);
            } else {
                System.out.print(next.prompt().text());
            }
            return ExitCodes.OK;
        }
    }
}
