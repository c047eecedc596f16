package io.codeclab.orchestrator.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.codeclab.eval.anchor.X264Anchor;
import io.codeclab.eval.anchor.X264AnchorConfig;
import io.codeclab.eval.harness.ClipEvaluator;
import io.codeclab.eval.harness.CodecHarness;
import io.codeclab.eval.metrics.Ssim;
import io.codeclab.eval.policy.PolicyChecker;
import io.codeclab.eval.protocol.AnchorSource;
import io.codeclab.eval.protocol.EvaluationProtocol;
import io.codeclab.eval.protocol.StagedEvaluator;
import io.codeclab.orchestrator.artifact.ArtifactStore;
import io.codeclab.orchestrator.artifact.S3ArtifactStore;
import io.codeclab.orchestrator.artifact.S3Clients;
import io.codeclab.orchestrator.clip.ClipLibrary;
import io.codeclab.orchestrator.config.CodecLabConfig;
import io.codeclab.orchestrator.config.Endpoint;
import io.codeclab.orchestrator.embedded.EmbeddedServices;
import io.codeclab.orchestrator.experiment.DynamoDbClients;
import io.codeclab.orchestrator.experiment.DynamoDbExperimentStore;
import io.codeclab.orchestrator.experiment.ExperimentStore;
import io.codeclab.orchestrator.propose.OfflineProposer;
import io.codeclab.orchestrator.propose.Proposer;
import io.codeclab.orchestrator.run.ClipSets;
import io.codeclab.orchestrator.run.ExperimentRunner;
import io.codeclab.sandbox.Sandbox;
import io.codeclab.sandbox.SandboxConfig;
import io.codeclab.sandbox.Sandboxes;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The one place where codec-lab is wired together by hand: configuration in, running parts out. Storage
 * opens eagerly (every command needs it); the sandbox, clips and evaluator only when a command runs code.
 */
public final class CodecLab implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CodecLab.class);
    private static final Region EMBEDDED_REGION = Region.US_EAST_1;

    private final CodecLabConfig config;
    private final Clock clock;
    private final ObjectMapper json = Json.mapper();
    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    private final S3Client s3;
    private final ExperimentStore experiments;
    private final ArtifactStore artifacts;
    private Sandbox sandbox;
    private StagedEvaluator evaluator;
    private ExperimentRunner runner;

    private CodecLab(CodecLabConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        io.codeclab.orchestrator.config.DataDirectory.create(config.dataDir());
        Optional<EmbeddedServices> embedded = Optional.empty();
        if (config.usesEmbeddedServices()) {
            var services = EmbeddedServices.startOrJoin(config.dataDir().resolve("embedded"));
            closeables.push(services);
            embedded = Optional.of(services);
            LOG.info("embedded services {}: DynamoDB Local at {}, S3 at {}", services.isOwner() ? "started" : "joined",
                    services.dynamoDbEndpoint(), services.s3Endpoint());
        }
        Region region = config.region().map(Region::of).orElse(embedded.isPresent() ? EMBEDDED_REGION : null);
        var dynamoEndpoint = endpoint(config.dynamoDbEndpoint(), embedded.map(EmbeddedServices::dynamoDbEndpoint));
        var s3Endpoint = endpoint(config.s3Endpoint(), embedded.map(EmbeddedServices::s3Endpoint));
        var dynamoBuilder = DynamoDbClients.builder(dynamoEndpoint, regionOrDefault(region),
                credentials(config.dynamoDbEndpoint(), embedded));
        var s3Builder = S3Clients.builder(s3Endpoint, regionOrDefault(region), credentials(config.s3Endpoint(), embedded));
        // Embedded servers pause while another process takes them over from an owner that exited: ride it out.
        if (config.dynamoDbEndpoint() instanceof Endpoint.Embedded) {
            dynamoBuilder.overrideConfiguration(DynamoDbClients.overrideConfiguration()
                    .retryStrategy(EmbeddedServices.retryStrategy()).build());
        }
        if (config.s3Endpoint() instanceof Endpoint.Embedded) {
            s3Builder.overrideConfiguration(S3Clients.overrideConfiguration()
                    .retryStrategy(EmbeddedServices.retryStrategy()).build());
        }
        DynamoDbClient dynamo = dynamoBuilder.build();
        closeables.push(dynamo);
        this.s3 = s3Builder.build();
        closeables.push(s3);
        this.experiments = DynamoDbExperimentStore.create(dynamo, config.tablePrefix(), clock);
        this.experiments.ensureSchema();
        this.artifacts = S3ArtifactStore.create(s3, config.bucket());
        this.artifacts.ensureBucket();
    }

    /** Opens storage (starting or joining the embedded services when configured so). */
    public static CodecLab open(CodecLabConfig config) {
        return new CodecLab(config, Clock.systemUTC());
    }

    public CodecLabConfig config() { return config; }
    public ExperimentStore experiments() { return experiments; }
    public ArtifactStore artifacts() { return artifacts; }
    public ObjectMapper json() { return json; }

    /** The current champion (version 0 is created on first use). */
    public io.codeclab.orchestrator.experiment.Champion champion() {
        return io.codeclab.orchestrator.run.Champions.current(experiments, artifacts, clock);
    }

    public synchronized Sandbox sandbox() {
        if (sandbox == null) {
            sandbox = Sandboxes.create(SandboxConfig.custom().backend(config.sandbox()).build());
            closeables.push(sandbox);
            LOG.info("sandbox backend: {}", sandbox.backend());
        }
        return sandbox;
    }

    public synchronized StagedEvaluator evaluator() {
        if (evaluator == null) {
            LOG.info("metrics kernel: {}", Ssim.kernel());
            var protocol = EvaluationProtocol.custom().qualities(config.qualities()).build();
            var harness = new CodecHarness(sandbox(), config.dataDir().resolve("work"));
            var policies = Policies.source(config);
            closeables.push(policies);
            AnchorSource anchor = AnchorSource.NONE;
            if (config.x264Anchor()) {
                var x264 = X264Anchor.create(X264AnchorConfig.custom()
                        .cacheDir(config.dataDir().resolve("anchor-cache")).build());
                anchor = clip -> x264.run(clip.video()).ratePoints();
            }
            evaluator = new StagedEvaluator(new PolicyChecker(sandbox()), policies, new ClipEvaluator(harness, config.parallelism()),
                    protocol, anchor);
        }
        return evaluator;
    }

    public ClipLibrary clips() {
        return new ClipLibrary(config.dataDir().resolve("clip-cache"), s3);
    }

    public synchronized ExperimentRunner runner() {
        if (runner == null) {
            var library = clips();
            var sets = new ClipSets(library.load(config.searchClips()), library.load(config.adoptionClips()));
            runner = new ExperimentRunner(experiments, artifacts, proposer(), evaluator(), sets, clock, owner(),
                    config.lease(), json);
            closeables.push(runner::close);
        }
        return runner;
    }

    private Proposer proposer() {
        if (!config.proposer().equals(OfflineProposer.NAME)) {
            throw new io.codeclab.orchestrator.config.ConfigException("CODEC_LAB_PROPOSER=" + config.proposer()
                    + " is not available in this build; use offline");
        }
        return new OfflineProposer(new SecureRandom());
    }

    private static String owner() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + ":" + ProcessHandle.current().pid() + ":" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Optional<URI> endpoint(Endpoint configured, Optional<URI> embedded) {
        if (configured instanceof Endpoint.Embedded) {
            return embedded;
        }
        return configured.override();
    }

    private static Region regionOrDefault(Region region) {
        return region != null ? region : software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain
                .builder().build().getRegion();
    }

    /** Embedded engines take fixed local credentials; everything else uses the SDK's default chain. */
    private static AwsCredentialsProvider credentials(Endpoint endpoint, Optional<EmbeddedServices> embedded) {
        if (endpoint instanceof Endpoint.Embedded && embedded.isPresent()) {
            return embedded.get().credentials();
        }
        return DefaultCredentialsProvider.builder().build();
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        while (!closeables.isEmpty()) {
            try {
                closeables.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing codec-lab failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
