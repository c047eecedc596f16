package io.codeclab.orchestrator.cli;

import io.codeclab.orchestrator.app.CodecLab;
import io.codeclab.orchestrator.config.SettingValues;
import io.codeclab.orchestrator.daemon.Daemon;
import io.codeclab.orchestrator.daemon.DaemonLock;
import io.codeclab.orchestrator.daemon.DaemonLockedException;
import io.codeclab.orchestrator.daemon.OnOffSwitch;
import io.codeclab.orchestrator.daemon.StopSignals;
import io.codeclab.orchestrator.daemon.StoppedExperiments;
import io.codeclab.orchestrator.http.HttpServerException;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "daemon", mixinStandardHelpOptions = true,
        description = {"Run experiments on a fixed-delay schedule until stopped, serving the dashboard, /healthz, /metrics and /api/logs/* on"
                + " CODEC_LAB_HTTP_PORT.",
                "One daemon per data directory (lock file daemon.lock; a second one exits 2 naming the holder's pid).",
                "SIGTERM starts nothing new, lets the running experiment finish within CODEC_LAB_STOP_GRACE (then"
                        + " marks it ABANDONED, reason stopped) and exits 0."})
final class DaemonCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(DaemonCommand.class);

    @ParentCommand
    CodecLabCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--interval", defaultValue = "10m", paramLabel = "DURATION",
            description = "Delay between experiments, e.g. 30s, 10m, 2h (default: ${DEFAULT-VALUE}).")
    String interval;

    @Option(names = "--max-experiments", defaultValue = "0", paramLabel = "N",
            description = "Stop after N experiments (0: run until stopped).")
    int maxExperiments;

    @Override
    public Integer call() throws InterruptedException {
        var delay = SettingValues.parseDuration("--interval", interval);
        if (maxExperiments < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--max-experiments must not be negative");
        }
        var config = root.config();
        DaemonLock lock;
        try {
            lock = DaemonLock.acquire(config.dataDir());
        } catch (DaemonLockedException e) {
            LOG.error("not starting: {}", e.getMessage());
            spec.commandLine().getErr().println("codec-lab: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        try (lock; var lab = CodecLab.open(config); var onOff = StatusServer.onOffSwitch(root, config)) {
            var grace = config.stopGrace();
            var daemon = Daemon.builder(() -> lab.runner().runOnce())
                    .housekeeping(() -> lab.sweeper().sweep())
                    .interval(delay)
                    .maxExperiments(maxExperiments)
                    .inFlight(config.inFlight())
                    .onOff(onOff)
                    .stopGrace(grace, () -> new StoppedExperiments(lab.experiments(), lab.runner().owner(),
                            lab.runner()::running, grace).abandon())
                    .listener(lab.metrics().daemonListener())
                    .build();
            // Before anything slow: from here on SIGTERM is a stop request, not the JVM's exit with 143.
            StopSignals.onStop(daemon::stop);
            lab.metrics().watchSwitch(() -> daemon.lastSwitch().map(OnOffSwitch.Reading::on).orElse(false));
            try (var health = StatusServer.health(lab, () -> daemon.lastSwitch()
                    .orElseGet(() -> new OnOffSwitch.Reading(false, "not read yet")), () -> Optional.of(daemon.status()));
                 var http = StatusServer.start(lab, health)) {
                daemon.run();
            } catch (HttpServerException e) {
                spec.commandLine().getErr().println("codec-lab: " + e.getMessage());
                return ExitCodes.USAGE;
            }
            return daemon.internalErrors() > 0 && maxExperiments > 0 ? ExitCodes.INTERNAL_ERROR : ExitCodes.OK;
        }
    }
}
