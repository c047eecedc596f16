package io.codeclab.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The command-line contract: every command has --help, usage errors exit 2 with a message. */
class CodecLabCommandTest {

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        var cl = CodecLabCommand.commandLine();
        var out = new StringWriter();
        var err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"run-once", "daemon", "experiments list", "experiments show", "versions", "validate",
            "sandbox run", "eval", "metrics", "bd-rate"})
    void everyCommandHasHelp(String command) {
        var args = new java.util.ArrayList<>(List.of(command.split(" ")));
        args.add("--help");
        var result = run(args.toArray(String[]::new));
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Usage:").contains(command.split(" ")[command.split(" ").length - 1]);
    }

    @Test
    void theRootHelpPointsToTheBenchmarksThatLiveOutsideThisJar() {
        var result = run("--help");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("scripts/codec-lab bench metrics|sandbox|policy");
    }

    @Test
    void reportingCommandsOfferJson() {
        for (String command : List.of("run-once", "experiments list", "experiments show", "versions", "validate",
                "sandbox run", "eval", "metrics", "bd-rate")) {
            var args = new java.util.ArrayList<>(List.of(command.split(" ")));
            args.add("--help");
            assertThat(run(args.toArray(String[]::new)).out()).as(command).contains("--json");
        }
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(run("no-such-command").exitCode()).isEqualTo(2);
        assertThat(run("daemon", "--max-experiments", "many").exitCode()).isEqualTo(2);
        assertThat(run("experiments", "list", "--status", "DONE").exitCode()).isEqualTo(2);
        var missing = run("validate", "/nonexistent/codec.py");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file: /nonexistent/codec.py");
        assertThat(run("bd-rate", "/nonexistent/a.csv", "/nonexistent/b.csv").exitCode()).isEqualTo(2);
    }

    @Test
    void aBadIntervalIsAConfigurationErrorWithTheFlagNamed() {
        var result = run("daemon", "--interval", "soon", "--max-experiments", "1");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--interval");
    }

    @Test
    void parsedDefaultsMatchTheSpec() {
        var daemon = new DaemonCommand();
        new CommandLine(daemon).parseArgs();
        assertThat(daemon.interval).isEqualTo("10m");
        assertThat(daemon.maxExperiments).isZero();
        var list = new ExperimentsCommand.List();
        new CommandLine(list).parseArgs();
        assertThat(list.limit).isEqualTo(20);
    }

    @Test
    void memorySizesParse() {
        var cl = new CommandLine(new SandboxCommand.Run());
        assertThat(Inputs.parseBytes(cl, "--memory", "1g")).isEqualTo(1L << 30);
        assertThat(Inputs.parseBytes(cl, "--memory", "512m")).isEqualTo(512L << 20);
        assertThat(Inputs.parseBytes(cl, "--memory", "1GiB")).isEqualTo(1L << 30);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Inputs.parseBytes(cl, "--memory", "lots"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--memory");
    }
}
