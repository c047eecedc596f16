package io.codeclab.orchestrator.cli;

import io.codeclab.orchestrator.app.CodecLab;
import io.codeclab.orchestrator.daemon.StopSignals;
import io.codeclab.orchestrator.http.HttpServerException;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the HTTP endpoints alone (no experiments): the dashboard, /healthz, /metrics and /api/logs/* on CODEC_LAB_HTTP_PORT,"
                + " bound to CODEC_LAB_HTTP_BIND.", "Runs until SIGTERM or SIGINT, then exits 0."})
final class ServeCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @ParentCommand
    CodecLabCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        var config = root.config();
        var stop = new CountDownLatch(1);
        StopSignals.onStop(stop::countDown);
        try (var lab = CodecLab.open(config); var onOff = StatusServer.onOffSwitch(root, config);
             var health = StatusServer.health(lab, onOff::read, Optional::empty)) {
            openStores(lab);
            try (var http = StatusServer.start(lab, health)) {
                stop.await();
            }
            return ExitCodes.OK;
        } catch (HttpServerException e) {
            spec.commandLine().getErr().println("codec-lab: " + e.getMessage());
            return ExitCodes.USAGE;
        }
    }

    /** Opens the stores (starting or joining the embedded ones) before serving, so that the first probe is not a start-up. */
    private static void openStores(CodecLab lab) {
        try {
            lab.experiments();
            lab.artifacts();
        } catch (RuntimeException e) {
            LOG.warn("the stores cannot be opened yet; /healthz reports them unreachable until they can: {}", e.toString());
        }
    }
}
