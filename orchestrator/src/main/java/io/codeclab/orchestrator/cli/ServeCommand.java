package io.codeclab.orchestrator.cli;

import io.codeclab.orchestrator.app.CodecLab;
import io.codeclab.orchestrator.daemon.StopSignals;
import io.codeclab.orchestrator.http.HttpServerException;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the HTTP endpoints alone (no experiments): /healthz and /metrics on CODEC_LAB_HTTP_PORT,"
                + " bound to CODEC_LAB_HTTP_BIND.", "Runs until SIGTERM or SIGINT, then exits 0."})
final class ServeCommand implements Callable<Integer> {

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
             var health = StatusServer.health(lab, onOff::read, Optional::empty);
             var http = StatusServer.start(lab, health)) {
            stop.await();
            return ExitCodes.OK;
        } catch (HttpServerException e) {
            spec.commandLine().getErr().println("codec-lab: " + e.getMessage());
            return ExitCodes.USAGE;
        }
    }
}
