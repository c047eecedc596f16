package io.codeclab.orchestrator.cli;

import io.codeclab.eval.EvaluationException;
import io.codeclab.orchestrator.clip.ClipException;
import io.codeclab.orchestrator.config.CodecLabConfig;
import io.codeclab.orchestrator.config.ConfigException;
import io.codeclab.orchestrator.execlog.LogImportException;
import io.codeclab.orchestrator.ops.ParameterStoreSettings;
import io.codeclab.orchestrator.propose.llm.LanguageModels;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code codec-lab}: the root command. Subcommands are thin; the work happens in the modules. */
@Command(name = "codec-lab", mixinStandardHelpOptions = true, version = "codec-lab 0.1.0",
        description = "Autonomous experiment orchestrator for LLM-written video codecs.",
        subcommands = {RunOnceCommand.class, DaemonCommand.class, ServeCommand.class, ExperimentsCommand.class, VersionsCommand.class,
                ValidateCommand.class, SandboxCommand.class, EvalCommand.class, MetricsCommand.class,
                BdRateCommand.class, PromptCommand.class, TriggerCommand.class, AnalyzeLogsCommand.class,
                CommandLine.HelpCommand.class},
        // The benchmarks live in their own module, out of the production jars; the script routes to them.
        footer = {"%nBenchmarks: scripts/codec-lab bench metrics|sandbox|policy|logs (see scripts/codec-lab help bench)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:internal error", "2:usage error", "3:input rejected (policy, bad clip, bad code)"})
public final class CodecLabCommand {

    @Option(names = "--config", paramLabel = "FILE", scope = CommandLine.ScopeType.INHERIT,
            description = "Properties file with CODEC_LAB_* settings (overridden by the environment, then by flags).")
    Path configFile;

    /** Settings given by flags of the running subcommand. */
    private final Map<String, String> flagOverrides = new LinkedHashMap<>();

    void override(String name, String value) {
        flagOverrides.put(name, value);
    }

    /** File, Parameter Store, environment and flags; an LLM proposer's settings are checked once all are in. */
    CodecLabConfig config() {
        var config = ParameterStoreSettings.load(Optional.ofNullable(configFile), System.getenv(), flagOverrides);
        LanguageModels.validate(config);
        return config;
    }

    public static CommandLine commandLine() {
        var cl = new CommandLine(new CodecLabCommand());
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException) {
                commandLine.getErr().println("codec-lab: configuration error: " + e.getMessage());
                return ExitCodes.USAGE;
            }
            if (e instanceof ClipException || e instanceof EvaluationException || e instanceof LogImportException) {
                commandLine.getErr().println("codec-lab: rejected: " + e.getMessage());
                return ExitCodes.REJECTED;
            }
            LoggerFactory.getLogger(CodecLabCommand.class).error("internal error", e);
            commandLine.getErr().println("codec-lab: internal error: " + e);
            return ExitCodes.INTERNAL_ERROR;
        });
        return cl;
    }
}
