package io.codeclab.orchestrator.cli;

import io.codeclab.orchestrator.app.CodecLab;
import io.codeclab.orchestrator.aws.AwsClients;
import io.codeclab.orchestrator.config.CodecLabConfig;
import io.codeclab.orchestrator.daemon.ConfiguredSwitch;
import io.codeclab.orchestrator.daemon.Daemon;
import io.codeclab.orchestrator.daemon.OnOffSwitch;
import io.codeclab.orchestrator.execlog.ExecutionLogRoutes;
import io.codeclab.orchestrator.http.HttpServer;
import io.codeclab.orchestrator.http.Routes;
import io.codeclab.orchestrator.observability.HealthCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** What {@code daemon} and {@code serve} share: the switch as configured, and the HTTP server with health and metrics. */
final class StatusServer {

    private StatusServer() {
    }

    /** {@code CODEC_LAB_ENABLED} re-read from {@code root}'s layers, and the SSM parameter when one is named. */
    static ConfiguredSwitch onOffSwitch(CodecLabCommand root, CodecLabConfig config) {
        var parameter = config.enabledSsmParameter();
        if (parameter.isEmpty()) {
            return new ConfiguredSwitch(root::config, null, null);
        }
        return new ConfiguredSwitch(root::config, parameter.get(), AwsClients.fromConfig(config).ssm());
    }

    /** Starts the HTTP server on the configured address with {@code /healthz}, {@code /metrics}, {@code /api/logs/*} and the dashboard. */
    static HttpServer start(CodecLab lab, HealthCheck health) {
        var config = lab.config();
        var features = new ArrayList<Routes>(List.of(health.routes(), lab.metrics().routes(),
                new ExecutionLogRoutes(lab::executionLog)));
        features.addAll(lab.dashboard());
        return HttpServer.start(config.httpBind(), config.httpPort(), features);
    }

    static HealthCheck health(CodecLab lab, Supplier<OnOffSwitch.Reading> onOff, Supplier<Optional<Daemon.Status>> daemon) {
        return HealthCheck.builder()
                .stores(lab::experiments, lab::artifacts)
                .sandbox(lab::sandbox)
                .onOff(onOff)
                .daemon(daemon)
                .proposer(lab.config().proposer(), Optional::empty)
                .json(lab.json())
                .build();
    }
}
