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
import io.codeclab.orchestrator.aws.AwsClients;
import io.codeclab.orchestrator.clip.ClipLibrary;
import io.codeclab.orchestrator.config.CodecLabConfig;
import io.codeclab.orchestrator.dashboard.Dashboard;
import io.codeclab.orchestrator.dashboard.DashboardAccess;
import io.codeclab.orchestrator.dashboard.DashboardToken;
import io.codeclab.orchestrator.embedded.EmbeddedServices;
import io.codeclab.orchestrator.evaluation.EvaluationService;
import io.codeclab.orchestrator.execlog.AnalysisSummary;
import io.codeclab.orchestrator.execlog.ExecutionLog;
import io.codeclab.orchestrator.execlog.LlmSummary;
import io.codeclab.orchestrator.experiment.Champion;
import io.codeclab.orchestrator.experiment.ExperimentStore;
import io.codeclab.orchestrator.experiment.dynamodb.DynamoDbExperimentStore;
import io.codeclab.orchestrator.http.Routes;
import io.codeclab.orchestrator.observability.LabMetrics;
import io.codeclab.orchestrator.playground.Playground;
import io.codeclab.orchestrator.playground.PlaygroundRunner;
import io.codeclab.orchestrator.policy.LoggingPolicySource;
import io.codeclab.orchestrator.policy.PolicySources;
import io.codeclab.orchestrator.propose.BoundedProposer;
import io.codeclab.orchestrator.propose.ExperimentContext;
import io.codeclab.orchestrator.propose.Feedback;
import io.codeclab.orchestrator.propose.OfflineProposer;
import io.codeclab.orchestrator.propose.Proposer;
import io.codeclab.orchestrator.propose.llm.DynamoDbDailySpendStore;
import io.codeclab.orchestrator.propose.llm.LanguageModels;
import io.codeclab.orchestrator.propose.llm.LlmProposer;
import io.codeclab.orchestrator.propose.llm.ModelBandit;
import io.codeclab.orchestrator.propose.llm.PromptBuilder;
import io.codeclab.orchestrator.propose.llm.PromptEvidence;
import io.codeclab.orchestrator.propose.llm.ResilientLanguageModel;
import io.codeclab.orchestrator.run.Champions;
import io.codeclab.orchestrator.run.ClipSets;
import io.codeclab.orchestrator.run.ExperimentRunner;
import io.codeclab.orchestrator.run.LeaseSweeper;
import io.codeclab.orchestrator.run.NextExperiment;
import io.codeclab.orchestrator.search.DynamoDbProgramDatabase;
import io.codeclab.orchestrator.search.ProgramDatabase;
import io.codeclab.orchestrator.search.ProgramSearch;
import io.codeclab.orchestrator.search.Searches;
import io.codeclab.sandbox.SandboxConfig;
import io.codeclab.sandbox.SandboxSlots;
import io.codeclab.sandbox.Sandboxes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The one place where codec-lab is wired together by hand: configuration in, running parts out. Every part
 * is built on first use, so a command opens only what it needs: {@code validate} a sandbox and the policy,
 * {@code experiments list} storage (starting or joining the embedded services when configured so), {@code
 * run-once} everything. Closing releases what was opened, in reverse order.
 */
public final class CodecLab implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CodecLab.class);
    /** How many recent experiments the model bandit learns from. */
    private static final int BANDIT_HISTORY = 200;

    private final CodecLabConfig config;
    private final Clock clock;
    private final ObjectMapper json = Json.mapper();
    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    private S3Client s3;
    private AwsClients awsClients;
    private DynamoDbClient dynamoDb;
    private ResilientLanguageModel languageModel;
    private ExperimentStore experiments;
    private ArtifactStore artifacts;
    private SandboxSlots sandbox;
    private LoggingPolicySource policies;
    private StagedEvaluator evaluator;
    private LeaseSweeper sweeper;
    private ExperimentRunner runner;
    private LabMetrics metrics;
    private ExecutionLog executionLog;
    private ProgramSearch search;
    private ProgramDatabase programs;

    private CodecLab(CodecLabConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        io.codeclab.orchestrator.config.DataDirectory.create(config.dataDir());
    }

    /** codec-lab on this configuration; nothing is opened until a part is asked for. */
    public static CodecLab open(CodecLabConfig config) {
        return new CodecLab(config, Clock.systemUTC());
    }

    public CodecLabConfig config() { return config; }
    public ObjectMapper json() { return json; }

    public synchronized ExperimentStore experiments() {
        openStorage();
        return experiments;
    }

    public synchronized ArtifactStore artifacts() {
        openStorage();
        return artifacts;
    }

    /** The current champion (version 0 is created on first use). */
    public Champion champion() {
        return Champions.current(experiments(), artifacts(), clock);
    }

    private void openStorage() {
        if (experiments != null) {
            return;
        }
        AwsClients clients;
        if (config.usesEmbeddedServices()) {
            var services = EmbeddedServices.startOrJoin(config.dataDir().resolve("embedded"));
            closeables.push(services);
            LOG.info("embedded services {}: DynamoDB Local at {}, S3 at {}", services.isOwner() ? "started" : "joined",
                    services.dynamoDbEndpoint(), services.s3Endpoint());
            clients = AwsClients.fromConfig(config, services);
        } else {
            clients = AwsClients.fromConfig(config);
        }
        awsClients = clients;
        var dynamo = clients.dynamoDb();
        dynamoDb = dynamo;
        closeables.push(dynamo);
        s3 = clients.s3();
        closeables.push(s3);
        var store = DynamoDbExperimentStore.create(dynamo, config.tablePrefix(), clock);
        store.ensureSchema();
        var bucket = S3ArtifactStore.create(s3, config.bucket());
        bucket.ensureBucket();
        artifacts = bucket;
        experiments = store;
    }

    /** The sandbox backend behind {@code CODEC_LAB_PARALLELISM} slots, shared by every run of this process. */
    public synchronized SandboxSlots sandbox() {
        if (sandbox == null) {
            sandbox = SandboxSlots.of(Sandboxes.create(SandboxConfig.custom().backend(config.sandbox()).build()),
                    config.parallelism());
            closeables.push(sandbox);
            metrics().watchSlots(sandbox);
            LOG.info("sandbox backend: {}", sandbox.backend());
        }
        return sandbox;
    }

    /** The policy in force (SSM parameter, file or the bundled one), logged whenever its version changes. */
    public synchronized LoggingPolicySource policies() {
        if (policies == null) {
            policies = PolicySources.fromConfig(config);
            closeables.push(policies);
        }
        return policies;
    }

    public synchronized PolicyChecker policyChecker() {
        return new PolicyChecker(sandbox());
    }

    public synchronized StagedEvaluator evaluator() {
        if (evaluator == null) {
            LOG.info("metrics kernel: {}", Ssim.kernel());
            var protocol = protocol();
            var harness = new CodecHarness(sandbox(), config.dataDir().resolve("work"));
            AnchorSource anchor = AnchorSource.NONE;
            if (config.x264Anchor()) {
                var x264 = X264Anchor.create(X264AnchorConfig.custom()
                        .cacheDir(config.dataDir().resolve("anchor-cache")).build());
                anchor = clip -> x264.run(clip.video()).ratePoints();
            }
            evaluator = new StagedEvaluator(policyChecker(), policies(), new ClipEvaluator(harness, config.parallelism()),
                    protocol, anchor);
        }
        return evaluator;
    }

    public synchronized ClipLibrary clips() {
        openStorage();
        return new ClipLibrary(config.dataDir().resolve("clip-cache"), s3);
    }

    public EvaluationService evaluationService() {
        return new EvaluationService(experiments(), artifacts(), clips(), evaluator(), clock);
    }

    /**
     * The configured language model(s) (CODEC_LAB_PROPOSER other than offline): resilience, accounting, the
     * daily budget (its spend kept in the versions table) and, for several models, the bandit fed by the
     * {@value #BANDIT_HISTORY} latest experiments.
     */
    public synchronized ResilientLanguageModel languageModel() {
        if (languageModel == null) {
            openStorage();
            var store = experiments;
            languageModel = LanguageModels.fromConfig(config, (timeLimit, endpoint) -> {
                        var bedrock = awsClients.bedrockRuntime(timeLimit, endpoint);
                        closeables.push(bedrock);
                        return bedrock;
                    },
                    new DynamoDbDailySpendStore(dynamoDb, config.tablePrefix(), clock),
                    () -> ModelBandit.outcomes(store.latest(BANDIT_HISTORY)));
        }
        return languageModel;
    }

    /** Abandons experiments whose lease ran out: swept now and about once per lease period while open. */
    public synchronized LeaseSweeper sweeper() {
        if (sweeper == null) {
            sweeper = new LeaseSweeper(experiments(), clock);
            sweeper.sweep();
            sweeper.start(config.lease());
            closeables.push(sweeper);
        }
        return sweeper;
    }

    public synchronized ExperimentRunner runner() {
        if (runner == null) {
            sweeper();
            var library = clips();
            var sets = new ClipSets(library.load(config.searchClips()), library.load(config.adoptionClips()));
            runner = new ExperimentRunner(experiments(), artifacts(), proposer(), evaluator(), sets, clock, owner(),
                    config.lease(), json, feedback(), List.of(metrics().stageListener()),
                    List.of(executionLog().observer()), search());
            closeables.push(runner);
        }
        return runner;
    }

    /**
     * The search on the program database ({@code <prefix>-programs}): parents and inspirations drawn by the
     * {@code CODEC_LAB_SEARCH_*} settings, with a seeded generator when {@code CODEC_LAB_SEARCH_SEED} is set.
     */
    public synchronized ProgramSearch search() {
        if (search == null) {
            search = Searches.database(config.search(), programs(), experiments(), artifacts(), clock);
        }
        return search;
    }

    /** The program database, the {@code <prefix>-programs} table (created when missing). */
    public synchronized ProgramDatabase programs() {
        if (programs == null) {
            openStorage();
            var database = new DynamoDbProgramDatabase(dynamoDb, config.tablePrefix());
            database.ensureTable();
            programs = database;
        }
        return programs;
    }

    /** This process's metrics; the runner reports every evaluation's stages and sandbox runs to them. */
    public synchronized LabMetrics metrics() {
        if (metrics == null) {
            metrics = new LabMetrics();
        }
        return metrics;
    }

    /**
     * The execution log on the {@code <prefix>-runlog} table: its writer retries in the background (and spools to
     * {@code <data>/execlog/unwritten.jsonl} at close); the LLM summary when a language model is configured.
     */
    public synchronized ExecutionLog executionLog() {
        if (executionLog == null) {
            openStorage();
            AnalysisSummary summary = config.proposer().equals(OfflineProposer.NAME) ? AnalysisSummary.NONE
                    : new LlmSummary(languageModel());
            executionLog = ExecutionLog.open(dynamoDb, config.tablePrefix(), config.dataDir(), clock, experiments,
                    artifacts, summary);
            metrics().watchExecutionLog(executionLog::pendingWrites, executionLog::failedWrites);
            closeables.push(executionLog);
        }
        return executionLog;
    }

    /** What every proposer is told: the recent experiments, then the execution log's recommendations. */
    private Feedback feedback() {
        return Feedback.of(List.of(Feedback.recentExperiments(), executionLog().feedback()));
    }

    /**
     * The dashboard and its playground (served by {@code serve} and the daemon). Stores, sandbox and policy are
     * opened on first use; the token is {@code CODEC_LAB_DASHBOARD_TOKEN}, or one drawn once and kept in
     * {@code <data dir>/dashboard-token} (0600), never logged.
     */
    public synchronized List<Routes> dashboard() {
        var access = new DashboardAccess(DashboardToken.of(config), clock);
        var runner = new PlaygroundRunner(this::sandbox, this::policyChecker, () -> policies().current(),
                protocol().smokeLimits(), config.dataDir().resolve("playground"));
        return List.of(new Dashboard(this::experiments, this::artifacts, json, clock, access),
                new Playground(runner, this::evaluationService, config.searchClips(), access, json));
    }

    /** The offline proposer, or an {@link LlmProposer} over the configured language model(s). */
    private Proposer proposer() {
        if (config.proposer().equals(OfflineProposer.NAME)) {
            return new BoundedProposer(Searches.offlineProposer(config.search(), programs(),
                    executionLog()::failingRegions), config.parallelism());
        }
        return new BoundedProposer(new LlmProposer(languageModel(), promptBuilder(), this::promptEvidence),
                config.parallelism());
    }

    /** The prompt the next experiment would send (what {@code prompt} prints), with what it was built from. */
    public record NextPrompt(PromptBuilder.Prompt prompt, ExperimentContext context, PromptEvidence evidence) {
    }

    /** The prompt the next experiment would send; calls no model and changes nothing (but creates v0 if absent). */
    public NextPrompt nextPrompt() {
        var context = NextExperiment.context(experiments(), artifacts(), clock, feedback(), search());
        var evidence = promptEvidence(context);
        return new NextPrompt(promptBuilder().build(context, evidence), context, evidence);
    }

    private PromptBuilder promptBuilder() {
        return new PromptBuilder(protocol());
    }

    private PromptEvidence promptEvidence(ExperimentContext context) {
        return PromptEvidence.gather(context, policies(), experiments(), artifacts(), json);
    }

    /** The evaluation protocol of this configuration (qualities; the rest are the protocol's defaults). */
    public EvaluationProtocol protocol() {
        return EvaluationProtocol.custom().qualities(config.qualities()).build();
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

    @Override
    public synchronized void close() {
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
