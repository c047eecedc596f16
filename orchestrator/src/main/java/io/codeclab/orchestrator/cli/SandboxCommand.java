package io.codeclab.orchestrator.cli;

import io.codeclab.orchestrator.app.CodecLab;
import io.codeclab.orchestrator.config.CodecLabConfig;
import io.codeclab.orchestrator.config.ConfigException;
import io.codeclab.orchestrator.config.SettingValues;
import io.codeclab.orchestrator.run.SandboxReports;
import io.codeclab.sandbox.SandboxLimits;
import io.codeclab.sandbox.SandboxOutcome;
import io.codeclab.sandbox.SandboxResult;
import io.codeclab.sandbox.SandboxTask;
import io.codeclab.sandbox.Staging;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

@Command(name = "sandbox", mixinStandardHelpOptions = true, description = "Run scripts in the sandbox.",
        subcommands = SandboxCommand.Run.class)
final class SandboxCommand {

    @ParentCommand
    CodecLabCommand root;

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run a Python script in the sandbox: /input read-only, /output writable, no network.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:status OK", "1:SANDBOX_ERROR (the sandbox failed)", "2:usage error",
                    "3:the script failed (TIMEOUT, OOM, CRASH, OUTPUT_LIMIT)"})
    static final class Run implements Callable<Integer> {
        @ParentCommand
        SandboxCommand parent;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE.py")
        Path file;

        @Option(names = "--input", paramLabel = "DIR",
                description = "Copied, then mounted read-only at /input (DIR itself is only read).")
        Path input;

        @Option(names = "--output", paramLabel = "DIR",
                description = "New or empty directory that receives what the script wrote to /output "
                        + "(default: a new directory under the data directory).")
        Path output;

        @Option(names = "--timeout", defaultValue = "60s", description = "Wall-clock limit (default: ${DEFAULT-VALUE}).")
        String timeout;

        @Option(names = "--memory", defaultValue = "1g", description = "Memory limit, swap included (default: ${DEFAULT-VALUE}).")
        String memory;

        @Option(names = "--backend", paramLabel = "auto|docker|bwrap",
                description = "Sandbox backend for this run (default: CODEC_LAB_SANDBOX).")
        String backend;

        @Option(names = "--json", description = "Print the result as one JSON document on stdout.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            var cl = spec.commandLine();
            String source = Inputs.readSource(cl, file);
            if (input != null && !Files.isDirectory(input)) {
                throw new CommandLine.ParameterException(cl, "--input " + input + " is not a directory");
            }
            if (output != null) {
                Staging.refuseAsOutput(output).ifPresent(reason -> {
                    throw new CommandLine.ParameterException(cl, "--output " + reason);
                });
            }
            SandboxLimits limits;
            try {
                limits = SandboxLimits.custom().wallTimeout(SettingValues.parseDuration("--timeout", timeout))
                        .memoryBytes(Inputs.parseBytes(cl, "--memory", memory)).build();
            } catch (IllegalArgumentException | ConfigException e) {
                throw new CommandLine.ParameterException(cl, e.getMessage());
            }
            if (backend != null) {
                parent.root.override(CodecLabConfig.SANDBOX, backend);
            }
            var config = parent.root.config();
            // The sandbox makes what it is given readable for its user and hands /output to that user for the
            // run: it gets copies in a run directory of ours, and the caller's --input and --output are only
            // read and filled.
            Path runDir = Files.createTempDirectory(Files.createDirectories(config.dataDir().resolve("sandbox-runs")),
                    "run-" + System.currentTimeMillis() + "-");
            var dirMode = PosixFilePermissions.fromString("rwxr-xr-x");
            Files.setPosixFilePermissions(runDir, dirMode);
            Path code = Files.createDirectories(runDir.resolve("code"));
            Files.writeString(code.resolve("main.py"), source);
            Files.setPosixFilePermissions(code, dirMode);
            Files.setPosixFilePermissions(code.resolve("main.py"), PosixFilePermissions.fromString("rw-r--r--"));
            Path runOutput = Files.createDirectories(runDir.resolve("output"));
            Files.setPosixFilePermissions(runOutput, PosixFilePermissions.fromString("rwxrwxrwx"));
            var task = SandboxTask.python(code, "main.py").outputDir(runOutput).limits(limits);
            Path stagedInput = runDir.resolve("input");
            if (input != null) {
                Staging.copyIn(input.toAbsolutePath(), stagedInput);
                task.inputDir(stagedInput);
            }
            SandboxResult result;
            try (var lab = CodecLab.open(config)) {
                result = lab.sandbox().run(task.build());
            } finally {
                Staging.delete(stagedInput);
            }
            Path out = runOutput;
            if (output != null) {
                int skipped = Staging.copyOut(runOutput, output);
                if (skipped > 0) {
                    cl.getErr().println("codec-lab: left out " + skipped + " link(s) or special file(s) the script "
                            + "created in /output; only files and directories are copied");
                }
                Staging.delete(runDir);
                out = output;
            }
            var m = new LinkedHashMap<>(SandboxReports.of(result));
            m.put("outputDir", out.toAbsolutePath().toString());
            if (json) {
                Output.json(m);
            } else {
                printText(m);
            }
            if (result.isOk()) {
                return ExitCodes.OK;
            }
            return result.outcome() instanceof SandboxOutcome.SandboxError ? ExitCodes.INTERNAL_ERROR
                    : ExitCodes.REJECTED;
        }

        private static void printText(Map<String, Object> m) {
            System.out.printf("status %s (exit code %s) on %s: wall %ss, cpu %ss, peak memory %s bytes%n",
                    m.get("status"), m.get("exitCode"), m.get("backend"), m.get("wallSeconds"), m.get("cpuSeconds"),
                    m.get("peakMemoryBytes"));
            if (m.containsKey("reason")) {
                System.out.println("sandbox error: " + m.get("reason"));
            }
            System.out.println("output directory: " + m.get("outputDir"));
            System.out.println("--- stdout (tail) ---");
            System.out.print(m.get("stdoutTail"));
            System.out.println("--- stderr (tail) ---");
            System.out.print(m.get("stderrTail"));
        }
    }
}
