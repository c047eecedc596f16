package io.codeclab.orchestrator.config;

import io.codeclab.sandbox.SandboxBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * codec-lab's configuration, immutable. Three layers, later ones win: a properties file whose keys are the
 * environment names ({@code CODEC_LAB_BUCKET=...}), the environment, then command-line flags. Every value
 * is validated here, once, with a message naming the setting.
 */
public final class CodecLabConfig {

    public static final String DATA_DIR = "CODEC_LAB_DATA_DIR";
    public static final String DYNAMODB_ENDPOINT = "CODEC_LAB_DYNAMODB_ENDPOINT";
    public static final String S3_ENDPOINT = "CODEC_LAB_S3_ENDPOINT";
    public static final String SSM_ENDPOINT = "CODEC_LAB_SSM_ENDPOINT";
    public static final String TABLE_PREFIX = "CODEC_LAB_TABLE_PREFIX";
    public static final String BUCKET = "CODEC_LAB_BUCKET";
    public static final String SANDBOX = "CODEC_LAB_SANDBOX";
    public static final String PROPOSER = "CODEC_LAB_PROPOSER";
    public static final String LLM_BASE_URL = "CODEC_LAB_LLM_BASE_URL";
    public static final String LLM_MODEL = "CODEC_LAB_LLM_MODEL";
    public static final String LLM_API_KEY = "CODEC_LAB_LLM_API_KEY";
    public static final String SEARCH_CLIPS = "CODEC_LAB_SEARCH_CLIPS";
    public static final String ADOPTION_CLIPS = "CODEC_LAB_ADOPTION_CLIPS";
    public static final String QUALITIES = "CODEC_LAB_QUALITIES";
    public static final String PARALLELISM = "CODEC_LAB_PARALLELISM";
    /** Experiments a daemon runs at once (default: {@link #PARALLELISM}); they share its sandbox slots. */
    public static final String IN_FLIGHT = "CODEC_LAB_IN_FLIGHT";
    public static final String DASHBOARD_TOKEN = "CODEC_LAB_DASHBOARD_TOKEN";
    public static final String REGION = "CODEC_LAB_REGION";
    public static final String ENABLED = "CODEC_LAB_ENABLED";
    public static final String POLICY_FILE = "CODEC_LAB_POLICY_FILE";
    public static final String X264_ANCHOR = "CODEC_LAB_X264_ANCHOR";
    public static final String POLICY_SSM_PARAMETER = "CODEC_LAB_POLICY_SSM_PARAMETER";
    public static final String POLICY_REFRESH = "CODEC_LAB_POLICY_REFRESH";
    public static final String LEASE = "CODEC_LAB_LEASE";
    /** Several models at once: {@code provider:model[@baseUrl],...}; a bandit picks one per call. */
    public static final String LLM_MODELS = "CODEC_LAB_LLM_MODELS";
    /** Provider-specific keys for a mixed {@link #LLM_MODELS} list; each falls back to {@link #LLM_API_KEY}. */
    public static final String LLM_OPENAI_API_KEY = "CODEC_LAB_LLM_OPENAI_API_KEY";
    public static final String LLM_ANTHROPIC_API_KEY = "CODEC_LAB_LLM_ANTHROPIC_API_KEY";
    /** {@code model:inputUsdPerMTok:outputUsdPerMTok,...}. */
    public static final String LLM_PRICES = "CODEC_LAB_LLM_PRICES";
    public static final String LLM_DAILY_BUDGET_USD = "CODEC_LAB_LLM_DAILY_BUDGET_USD";
    public static final String LLM_TIME_LIMIT = "CODEC_LAB_LLM_TIME_LIMIT";
    public static final String LLM_MAX_ATTEMPTS = "CODEC_LAB_LLM_MAX_ATTEMPTS";
    public static final String LLM_MAX_RETRY_WAIT = "CODEC_LAB_LLM_MAX_RETRY_WAIT";
    public static final String LLM_BREAKER_FAILURES = "CODEC_LAB_LLM_BREAKER_FAILURES";
    public static final String LLM_BREAKER_WAIT = "CODEC_LAB_LLM_BREAKER_WAIT";
    public static final String LLM_CALLS_PER_MINUTE = "CODEC_LAB_LLM_CALLS_PER_MINUTE";
    public static final String LLM_MAX_OUTPUT_TOKENS = "CODEC_LAB_LLM_MAX_OUTPUT_TOKENS";
    public static final String LLM_EXPLORATION = "CODEC_LAB_LLM_EXPLORATION";
    /** Parameter Store hierarchy ({@code /codec-lab/}) whose {@code CODEC_LAB_*} parameters fill settings. */
    public static final String SSM_PREFIX = "CODEC_LAB_SSM_PREFIX";
    /** The SSM command document {@code trigger} sends (the stack's RunExperimentDocumentName). */
    public static final String SSM_DOCUMENT = "CODEC_LAB_SSM_DOCUMENT";
    public static final String HTTP_PORT = "CODEC_LAB_HTTP_PORT";
    public static final String HTTP_BIND = "CODEC_LAB_HTTP_BIND";
    public static final String ENABLED_SSM_PARAMETER = "CODEC_LAB_ENABLED_SSM_PARAMETER";
    public static final String STOP_GRACE = "CODEC_LAB_STOP_GRACE";
    /** Parent draw weights, {@code champion=0.5,top-k=0.3,explore=0.2} (issue 16, {@link SearchConfig}). */
    public static final String SEARCH_PARENTS = "CODEC_LAB_SEARCH_PARENTS";
    public static final String SEARCH_TOP_K = "CODEC_LAB_SEARCH_TOP_K";
    public static final String SEARCH_INSPIRATIONS = "CODEC_LAB_SEARCH_INSPIRATIONS";
    public static final String SEARCH_SEED = "CODEC_LAB_SEARCH_SEED";
    /** The offline proposer's search: {@code cmaes}, {@code perturb} or {@code random} ({@link SearchConfig}). */
    public static final String OFFLINE_MODE = "CODEC_LAB_OFFLINE_MODE";

    /** Names that may appear in the file or the environment; anything else starting CODEC_LAB_ is a typo. */
    public static final List<String> NAMES = List.of(DATA_DIR, DYNAMODB_ENDPOINT, S3_ENDPOINT, SSM_ENDPOINT,
            TABLE_PREFIX, BUCKET, SANDBOX, PROPOSER, LLM_BASE_URL, LLM_MODEL, LLM_API_KEY, SEARCH_CLIPS,
            ADOPTION_CLIPS, QUALITIES, PARALLELISM, IN_FLIGHT, DASHBOARD_TOKEN, REGION, ENABLED, POLICY_FILE, X264_ANCHOR,
            POLICY_SSM_PARAMETER, POLICY_REFRESH, LEASE, LLM_MODELS, LLM_OPENAI_API_KEY, LLM_ANTHROPIC_API_KEY,
            LLM_PRICES, LLM_DAILY_BUDGET_USD, LLM_TIME_LIMIT, LLM_MAX_ATTEMPTS, LLM_MAX_RETRY_WAIT, LLM_BREAKER_FAILURES,
            LLM_BREAKER_WAIT, LLM_CALLS_PER_MINUTE, LLM_MAX_OUTPUT_TOKENS, LLM_EXPLORATION, SSM_PREFIX,
            SSM_DOCUMENT, HTTP_PORT, HTTP_BIND, ENABLED_SSM_PARAMETER, STOP_GRACE, SEARCH_PARENTS, SEARCH_TOP_K,
            SEARCH_INSPIRATIONS, SEARCH_SEED, OFFLINE_MODE);

    /**
     * Names the scripts and tests read from the environment themselves (not settings of the service): known,
     * so that they are not taken for typos; anything else starting {@value #PREFIX} in the environment is one.
     */
    public static final List<String> ENVIRONMENT_ONLY_NAMES = List.of(
            "CODEC_LAB_NO_BUILD", "CODEC_LAB_JAVA_OPTS", "CODEC_LAB_LOG_FORMAT", "CODEC_LAB_LOG_LEVEL",
            "CODEC_LAB_TEST_CLIPS", "CODEC_LAB_TEST_AWS", "CODEC_LAB_TEST_LOCALSTACK_IMAGE",
            "CODEC_LAB_REQUIRE_DOCKER", "CODEC_LAB_REQUIRE_BWRAP", "CODEC_LAB_REQUIRE_SYSTEMD", "CODEC_LAB_REQUIRE_BROWSER",
            "CODEC_LAB_RUNNER_IMAGE", "CODEC_LAB_RUNNER_SUITE",
            "CODEC_LAB_DOCKERD_WAIT", "CODEC_LAB_SANDBOX_TEST_SECRET");
    public static final String PREFIX = "CODEC_LAB_";

    /** Heartbeats renew a lease every third of it; below this they would flood the store. */
    private static final Duration MIN_LEASE = Duration.ofSeconds(3);

    private static final List<String> SECRETS = List.of(LLM_API_KEY, LLM_OPENAI_API_KEY, LLM_ANTHROPIC_API_KEY,
            DASHBOARD_TOKEN);
    private static final List<String> PROPOSERS = List.of("offline", "openai", "anthropic", "bedrock");

    private final Map<String, String> values;
    private final Path dataDir;
    private final Endpoint dynamoDb;
    private final Endpoint s3;
    private final Endpoint ssm;
    private final SandboxBackend sandbox;
    private final List<Integer> qualities;
    private final int parallelism;
    private final int inFlight;
    private final Duration policyRefresh;
    private final Duration lease;
    private final LlmConfig llm;
    private final SearchConfig search;
    private final int httpPort;
    private final Duration stopGrace;

    private CodecLabConfig(Map<String, String> values) {
        this.values = Map.copyOf(values);
        this.dataDir = Path.of(get(DATA_DIR).orElse("data")).toAbsolutePath().normalize();
        DataDirectory.check(DATA_DIR, dataDir);
        this.dynamoDb = Endpoint.parse(DYNAMODB_ENDPOINT, values.get(DYNAMODB_ENDPOINT));
        this.s3 = Endpoint.parse(S3_ENDPOINT, values.get(S3_ENDPOINT));
        this.ssm = Endpoint.parse(SSM_ENDPOINT, values.get(SSM_ENDPOINT));
        try {
            this.sandbox = SandboxBackend.parse(get(SANDBOX).orElse("auto"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(SANDBOX + ": " + e.getMessage(), e);
        }
        this.qualities = SettingValues.parseQualities(get(QUALITIES).orElse("2,4,6,8"));
        this.parallelism = SettingValues.parsePositiveInt(PARALLELISM, get(PARALLELISM).orElse(
                Integer.toString(Math.max(1, Runtime.getRuntime().availableProcessors()))));
        this.inFlight = SettingValues.parsePositiveInt(IN_FLIGHT, get(IN_FLIGHT).orElse(Integer.toString(parallelism)));
        this.lease = SettingValues.parseDuration(LEASE, get(LEASE).orElse("2m"));
        if (lease.compareTo(MIN_LEASE) < 0) {
            throw new ConfigException(LEASE + "='" + get(LEASE).orElse("") + "' must be at least "
                    + MIN_LEASE.toSeconds() + "s: heartbeats come every third of it");
        }
        String proposer = proposer();
        if (!PROPOSERS.contains(proposer)) {
            throw new ConfigException(PROPOSER + "='" + proposer + "' is not one of " + PROPOSERS);
        }
        SettingValues.parseBoolean(ENABLED, get(ENABLED).orElse("true"));
        String prefix = tablePrefix();
        if (!prefix.matches("[A-Za-z0-9_.-]{0,200}")) {
            throw new ConfigException(TABLE_PREFIX + "='" + prefix + "' may hold only letters, digits, '_', '-', '.'");
        }
        if (!bucket().matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new ConfigException(BUCKET + "='" + bucket() + "' is not a valid S3 bucket name");
        }
        this.policyRefresh = SettingValues.parseDuration(POLICY_REFRESH, get(POLICY_REFRESH).orElse("60s"));
        if (policyRefresh.isNegative()) {
            throw new ConfigException(POLICY_REFRESH + "='" + get(POLICY_REFRESH).orElseThrow() + "' must not be negative");
        }
        validatePolicyParameter();
        this.httpPort = SettingValues.parsePort(HTTP_PORT, get(HTTP_PORT).orElse("8080"));
        this.stopGrace = SettingValues.parseDuration(STOP_GRACE, get(STOP_GRACE).orElse("60s"));
        if (stopGrace.isNegative()) {
            throw new ConfigException(STOP_GRACE + "='" + get(STOP_GRACE).orElseThrow() + "' must not be negative");
        }
        validateSsmParameter(ENABLED_SSM_PARAMETER, enabledSsmParameter());
        this.llm = new LlmConfig(this);
        this.search = new SearchConfig(this);
        ssmPrefix().filter(p -> !p.matches("/([A-Za-z0-9_.-]+/)+")).ifPresent(p -> {
            throw new ConfigException(SSM_PREFIX + "='" + get(SSM_PREFIX).orElseThrow() + "' is not a Parameter Store"
                    + " path: letters, digits and _.- between slashes, starting with '/' (/codec-lab/)");
        });
    }

    /**
     * Loads the layers: file (may be absent), environment, flags. An unknown name in the file, or an unknown
     * {@code CODEC_LAB_*} name in the environment, is a typo: refused, naming the closest known name.
     */
    public static CodecLabConfig load(Optional<Path> file, Map<String, String> environment, Map<String, String> flags) {
        return load(file, Map.of(), environment, flags);
    }

    /**
     * Loads the layers, later ones winning: file, Parameter Store ({@code parameterStore}: settings read under
     * {@link #SSM_PREFIX}, see {@code ops.ParameterStoreSettings}), environment, flags.
     */
    public static CodecLabConfig load(Optional<Path> file, Map<String, String> parameterStore,
                                      Map<String, String> environment, Map<String, String> flags) {
        var merged = new LinkedHashMap<String, String>();
        file.ifPresent(f -> ConfigFile.read(f).forEach((k, v) -> {
            if (!NAMES.contains(k)) {
                throw unknown(k, "in " + f, NAMES);
            }
            merged.put(k, v);
        }));
        merged.putAll(parameterStore);
        var environmentNames = new ArrayList<>(NAMES);
        environmentNames.addAll(ENVIRONMENT_ONLY_NAMES);
        environment.keySet().stream().sorted().forEach(k -> {
            if (k.startsWith(PREFIX) && !environmentNames.contains(k)) {
                throw unknown(k, "in the environment", environmentNames);
            }
        });
        environment.forEach((k, v) -> {
            if (NAMES.contains(k)) {
                merged.put(k, v);
            }
        });
        flags.keySet().forEach(k -> {
            if (!NAMES.contains(k)) {
                throw unknown(k, "given by a flag", NAMES);
            }
        });
        merged.putAll(flags);
        return new CodecLabConfig(merged);
    }

    private static ConfigException unknown(String name, String where, List<String> known) {
        return new ConfigException("unknown setting " + name + " " + where + "; did you mean " + Typos.closest(name, known)
                + "? Known settings: " + NAMES + (known.size() > NAMES.size()
                ? "; read by the scripts from the environment: " + ENVIRONMENT_ONLY_NAMES : ""));
    }

    public static CodecLabConfig fromEnvironment() {
        return load(Optional.empty(), System.getenv(), Map.of());
    }

    /** A copy with some settings replaced. */
    public CodecLabConfig with(Map<String, String> overrides) {
        var merged = new LinkedHashMap<>(values);
        merged.putAll(overrides);
        return new CodecLabConfig(merged);
    }

    public Optional<String> get(String name) {
        String v = values.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    public Path dataDir() { return dataDir; }
    public Endpoint dynamoDbEndpoint() { return dynamoDb; }
    public Endpoint s3Endpoint() { return s3; }
    public Endpoint ssmEndpoint() { return ssm; }
    public String tablePrefix() { return get(TABLE_PREFIX).orElse("codec-lab"); }
    public String bucket() { return get(BUCKET).orElse("codec-lab-artifacts"); }
    public SandboxBackend sandbox() { return sandbox; }
    public String proposer() { return get(PROPOSER).orElse("offline").toLowerCase(Locale.ROOT); }
    public List<Integer> qualities() { return qualities; }
    /** Sandbox slots: the one budget every sandbox run of this process (any experiment, check or playground) shares. */
    public int parallelism() { return parallelism; }

    /** Experiments the daemon runs at once, sharing the {@link #parallelism()} slots. */
    public int inFlight() { return inFlight; }
    public Optional<String> region() { return get(REGION); }
    public boolean enabled() { return SettingValues.parseBoolean(ENABLED, get(ENABLED).orElse("true")); }
    public Optional<Path> policyFile() { return get(POLICY_FILE).map(Path::of); }
    /** The SSM parameter holding the policy; when set it wins over {@link #policyFile()}. */
    public Optional<String> policySsmParameter() { return get(POLICY_SSM_PARAMETER); }
    /** How often, at most, a policy from SSM is fetched again (zero: before every check). */
    public Duration policyRefresh() { return policyRefresh; }
    public boolean x264Anchor() { return SettingValues.parseBoolean(X264_ANCHOR, get(X264_ANCHOR).orElse("true")); }
    public Optional<String> dashboardToken() { return get(DASHBOARD_TOKEN); }
    /** How long a running experiment's lease lasts; heartbeats renew it every third. After a crash, the next run marks it ABANDONED once it ran out. */
    public Duration lease() { return lease; }
    /** The Parameter Store hierarchy to read settings from, always ending in '/' ({@code /codec-lab/}). */
    public Optional<String> ssmPrefix() { return get(SSM_PREFIX).map(p -> p.endsWith("/") ? p : p + "/"); }
    /** The document {@code trigger} sends; the stack names it {@code <table prefix>-run-experiment}. */
    public String ssmDocument() { return get(SSM_DOCUMENT).orElse(tablePrefix() + "-run-experiment"); }
    /** The HTTP port of health, metrics and the dashboard; 0 picks a free one (logged). */
    public int httpPort() { return httpPort; }
    /** The address the HTTP server binds: loopback unless the operator opens it on purpose. */
    public String httpBind() { return get(HTTP_BIND).orElse("127.0.0.1"); }
    /** An SSM parameter holding the on/off switch (true/false), read every cycle along with {@link #enabled()}. */
    public Optional<String> enabledSsmParameter() { return get(ENABLED_SSM_PARAMETER); }
    /** How long SIGTERM lets a running experiment finish before it is marked ABANDONED (reason "stopped"). */
    public Duration stopGrace() { return stopGrace; }

    /** Clip specs (paths or s3:// URIs) of the search set; defaults to the clip scripts/fetch-clips makes. */
    public List<String> searchClips() {
        return clipList(SEARCH_CLIPS, dataDir.resolve("clips").resolve("city-320x180-24f.y4m").toString());
    }

    public List<String> adoptionClips() {
        return clipList(ADOPTION_CLIPS, dataDir.resolve("clips").resolve("cockatoo-320x180-24f.y4m").toString());
    }

    /** The language-model settings (validated when this configuration is built). */
    public LlmConfig llm() { return llm; }
    /** The program database's parent and inspiration settings. */
    public SearchConfig search() { return search; }

    /** Whether every storage endpoint is embedded (then the process starts or joins the embedded services). */
    public boolean usesEmbeddedServices() {
        return dynamoDb instanceof Endpoint.Embedded || s3 instanceof Endpoint.Embedded;
    }

    private void validatePolicyParameter() {
        validateSsmParameter(POLICY_SSM_PARAMETER, policySsmParameter());
    }

    private void validateSsmParameter(String setting, Optional<String> parameter) {
        if (parameter.isEmpty()) {
            return;
        }
        String name = parameter.get();
        // SSM's own rules: letters, digits and _.-/ only, at most 2048 characters, hierarchies start with '/'.
        if (!name.matches("[A-Za-z0-9_./-]{1,2048}") || (name.contains("/") && !name.startsWith("/"))) {
            throw new ConfigException(setting + "='" + name + "' is not an SSM parameter name: use"
                    + " letters, digits and _.-/ only, and start a hierarchical name with '/' (/codec-lab/policy)");
        }
        if (ssm instanceof Endpoint.Embedded) {
            throw new ConfigException(setting + "='" + name + "' needs SSM, and there is no embedded SSM:"
                    + " set " + SSM_ENDPOINT + "=aws (or the URL of an SSM endpoint), or unset " + setting
                    + (setting.equals(POLICY_SSM_PARAMETER) ? " to use " + POLICY_FILE + " or the bundled policy" : ""));
        }
    }

    private List<String> clipList(String name, String fallback) {
        String raw = get(name).orElse(fallback);
        var list = Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (list.isEmpty()) {
            throw new ConfigException(name + " must name at least one clip");
        }
        return list;
    }

    /** All settings with secrets masked, for logs and {@code --help}-style listings. */
    public Map<String, String> describe() {
        var m = new LinkedHashMap<String, String>();
        for (String name : NAMES) {
            get(name).ifPresent(v -> m.put(name, SECRETS.contains(name) ? "****" : v));
        }
        return m;
    }

}
