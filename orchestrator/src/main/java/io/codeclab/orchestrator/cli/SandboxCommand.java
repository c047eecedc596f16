package io.codeclab.orchestrator.cli;

import io.codeclab.orchestrator.config.CodecLabConfig;
import io.codeclab.orchestrator.config.ConfigException;
import io.codeclab.orchestrator.run.SandboxReports;
import io.codeclab.sandbox.SandboxConfig;
import io.codeclab.sandbox.SandboxLimits;
import io.codeclab.sandbox.SandboxOutcome;
import io.codeclab.sandbox.SandboxTask;
import io.codeclab.sandbox.Sandboxes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

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

        @Option(names = "--input", paramLabel = "DIR", description = "Mounted read-only at /input.")
        Path input;

        @Option(names = "--output", paramLabel = "DIR",
                description = "Mounted writable at /output (default: a new directory under the data directory).")
        Path output;

        @Option(names = "--timeout", defaultValue = "60s", description = "Wall-clock limit (default: ${DEFAULT-VALUE}).")
        String timeout;

        @Option(names = "--memory", defaultValue = "1g", description = "Memory limit, swap included (default: ${DEFAULT-VALUE}).")
        String memory;

        @Option(names = "--json", description = "Print the result as one JSON document on stdout.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            var cl = spec.commandLine();
            String source = Inputs.readSource(cl, file);
            if (input != null && !Files.isDirectory(input)) {
                throw new CommandLine.ParameterException(cl, "--input " + input + " is not a directory");
            }
            SandboxLimits limits;
            try {
                limits = SandboxLimits.custom().wallTimeout(CodecLabConfig.parseDuration("--timeout", timeout))
                        .memoryBytes(Inputs.parseBytes(cl, "--memory", memory)).build();
            } catch (IllegalArgumentException | ConfigException e) {
                throw new CommandLine.ParameterException(cl, e.getMessage());
            }
            var config = parent.root.config();
            Path runDir = Files.createDirectories(config.dataDir().resolve("sandbox-runs"))
                    .resolve("run-" + System.currentTimeMillis());
            Path code = Files.createDirectories(runDir.resolve("code"));
            Files.writeString(code.resolve("main.py"), source);
            Path out = output != null ? Files.createDirectories(output) : Files.createDirectories(runDir.resolve("output"));
            var dirMode = PosixFilePermissions.fromString("rwxr-xr-x");
            Files.setPosixFilePermissions(runDir, dirMode);
            Files.setPosixFilePermissions(code, dirMode);
            Files.setPosixFilePermissions(code.resolve("main.py"), PosixFilePermissions.fromString("rw-r--r--"));
            Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxrwxrwx"));
            var task = SandboxTask.python(code, "main.py").outputDir(out).limits(limits);
            if (input != null) {
                task.inputDir(input.toAbsolutePath());
            }
            try (var sandbox = Sandboxes.create(SandboxConfig.custom().backend(config.sandbox()).build())) {
                var result = sandbox.run(task.build());
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
