package io.codeclab.orchestrator.observability;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codeclab.orchestrator.artifact.ArtifactStore;
import io.codeclab.orchestrator.daemon.Daemon;
import io.codeclab.orchestrator.daemon.OnOffSwitch;
import io.codeclab.orchestrator.experiment.ExperimentRecord;
import io.codeclab.orchestrator.experiment.ExperimentStore;
import io.codeclab.orchestrator.http.Routes;
import io.codeclab.sandbox.Sandbox;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Answers {@code GET /healthz}: one cheap call to each store (the newest experiment from DynamoDB, a missing
 * key from S3), the sandbox backend, the on/off switch, the daemon loop and the proposer. Each probe has
 * {@value #PROBE_SECONDS} s; one that takes longer counts as unreachable, so a hung store cannot hang the
 * health check. The parts are suppliers: a store or sandbox that cannot even be opened is reported, not thrown.
 */
public final class HealthCheck implements AutoCloseable {

    static final int PROBE_SECONDS = 5;
    private static final String PROBE_KEY = "healthz/probe-that-does-not-exist";

    private final Supplier<ExperimentStore> store;
    private final Supplier<ArtifactStore> artifacts;
    private final Supplier<Sandbox> sandbox;
    private final Supplier<OnOffSwitch.Reading> onOff;
    private final Supplier<Optional<Daemon.Status>> daemon;
    private final String proposer;
    private final Supplier<Optional<Object>> budget;
    private final Clock clock;
    private final ObjectMapper json;
    private final ExecutorService probes = Executors.newCachedThreadPool(r -> {
        var t = new Thread(r, "health-probe");
        t.setDaemon(true);
        return t;
    });

    private HealthCheck(Builder b) {
        this.store = b.store;
        this.artifacts = b.artifacts;
        this.sandbox = b.sandbox;
        this.onOff = b.onOff;
        this.daemon = b.daemon;
        this.proposer = b.proposer;
        this.budget = b.budget;
        this.clock = b.clock;
        this.json = b.json;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Health check() {
        var newest = new AtomicReference<Optional<ExperimentRecord>>(Optional.empty());
        var dynamo = probe("DynamoDB", () -> {
            newest.set(store.get().latest(1).stream().findFirst());
            return "experiments";
        });
        var s3 = probe("S3", () -> {
            artifacts.get().get(PROBE_KEY);
            return "artifacts";
        });
        Health.Sandbox box;
        try {
            var backend = call(() -> sandbox.get().backend());
            box = new Health.Sandbox(true, backend, null);
        } catch (RuntimeException e) {
            box = new Health.Sandbox(false, null, e.getMessage());
        }
        var reading = onOff.get();
        var loop = daemon.get().map(s -> new Health.Daemon(s.state().name(), s.completed(), s.internalErrors(),
                s.startedAt())).orElse(null);
        var last = newest.get().map(r -> new Health.LastExperiment(r.id(), r.status().name(), r.createdAt(),
                r.updatedAt())).orElse(null);
        boolean healthy = dynamo.reachable() && s3.reachable() && box.ready();
        return new Health(healthy ? "ok" : "unhealthy", clock.instant(), new Health.Stores(dynamo, s3), box,
                reading.on(), reading.source(), loop, last, new Health.Proposer(proposer, budget.get().orElse(null)));
    }

    private Health.Store probe(String name, Supplier<String> call) {
        try {
            return new Health.Store(true, call(call), null);
        } catch (RuntimeException e) {
            return new Health.Store(false, null, name + ": " + e.getMessage());
        }
    }

    private <T> T call(Supplier<T> call) {
        Future<T> future = probes.submit(call::get);
        try {
            return future.get(PROBE_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new IllegalStateException("no answer within " + PROBE_SECONDS + " s");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    /** {@code GET /healthz}: the {@link Health} as JSON, 200 when healthy and 503 otherwise. */
    public Routes routes() {
        return routes -> routes.get("/healthz", ctx -> {
            var health = check();
            ctx.status(health.healthy() ? 200 : 503).contentType("application/json").result(toJson(health));
        });
    }

    private String toJson(Health health) {
        try {
            return json.writeValueAsString(health);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the health report as JSON", e);
        }
    }

    @Override
    public void close() {
        probes.shutdownNow();
    }

    /** The parts to check; stores, sandbox, proposer name and JSON mapper are required. */
    public static final class Builder {
        private Supplier<ExperimentStore> store;
        private Supplier<ArtifactStore> artifacts;
        private Supplier<Sandbox> sandbox;
        private Supplier<OnOffSwitch.Reading> onOff = () -> OnOffSwitch.alwaysOn().read();
        private Supplier<Optional<Daemon.Status>> daemon = Optional::empty;
        private String proposer;
        private Supplier<Optional<Object>> budget = Optional::empty;
        private Clock clock = Clock.systemUTC();
        private ObjectMapper json;

        private Builder() {
        }

        public Builder stores(Supplier<ExperimentStore> store, Supplier<ArtifactStore> artifacts) {
            this.store = store;
            this.artifacts = artifacts;
            return this;
        }

        public Builder sandbox(Supplier<Sandbox> sandbox) {
            this.sandbox = sandbox;
            return this;
        }

        /** The switch as last read (the daemon's reading, or the configuration's under {@code serve}). */
        public Builder onOff(Supplier<OnOffSwitch.Reading> onOff) {
            this.onOff = onOff;
            return this;
        }

        public Builder daemon(Supplier<Optional<Daemon.Status>> daemon) {
            this.daemon = daemon;
            return this;
        }

        public Builder proposer(String name, Supplier<Optional<Object>> budget) {
            this.proposer = name;
            this.budget = budget;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder json(ObjectMapper json) {
            this.json = json;
            return this;
        }

        public HealthCheck build() {
            for (var part : List.of(new Object[] {store, "stores"}, new Object[] {artifacts, "stores"},
                    new Object[] {sandbox, "sandbox"}, new Object[] {proposer, "proposer"}, new Object[] {json, "json"})) {
                if (part[0] == null) {
                    throw new IllegalStateException("a health check needs its " + part[1]);
                }
            }
            return new HealthCheck(this);
        }
    }
}
