package io.codeclab.orchestrator.cli;

import io.codeclab.orchestrator.app.CodecLab;
import io.codeclab.orchestrator.config.CodecLabConfig;
import io.codeclab.orchestrator.daemon.Daemon;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "daemon", mixinStandardHelpOptions = true,
        description = "Run experiments on a fixed-delay schedule until stopped (SIGTERM finishes the running one).")
final class DaemonCommand implements Callable<Integer> {

    @ParentCommand
    CodecLabCommand root;

    @Option(names = "--interval", defaultValue = "10m", paramLabel = "DURATION",
            description = "Delay between experiments, e.g. 30s, 10m, 2h (default: ${DEFAULT-VALUE}).")
    String interval;

    @Option(names = "--max-experiments", defaultValue = "0", paramLabel = "N",
            description = "Stop after N experiments (0: run until stopped).")
    int maxExperiments;

    @Override
    public Integer call() throws InterruptedException {
        var delay = CodecLabConfig.parseDuration("--interval", interval);
        if (maxExperiments < 0) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--max-experiments must not be negative");
        }
        var config = root.config();
        try (var lab = CodecLab.open(config)) {
            var runner = lab.runner();
            // The switch is re-read from the environment-and-file layers each cycle, so flipping it in the
            // config file takes effect without a restart.
            var sweeper = lab.sweeper();
            var daemon = new Daemon(runner::runOnce, sweeper::sweep, delay, maxExperiments,
                    () -> root.config().with(Map.of()).enabled());
            var done = new CountDownLatch(1);
            var hook = new Thread(() -> {
                daemon.stop();
                try {
                    done.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "sigterm");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                daemon.run();
            } finally {
                done.countDown();
            }
            return daemon.internalErrors() > 0 && maxExperiments > 0 ? ExitCodes.INTERNAL_ERROR : ExitCodes.OK;
        }
    }
}
