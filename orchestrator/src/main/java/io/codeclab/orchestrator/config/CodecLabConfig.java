package io.codeclab.orchestrator.config;

import io.codeclab.sandbox.SandboxBackend;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

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
    public static final String DASHBOARD_TOKEN = "CODEC_LAB_DASHBOARD_TOKEN";
    public static final String REGION = "CODEC_LAB_REGION";
    public static final String ENABLED = "CODEC_LAB_ENABLED";
    public static final String POLICY_FILE = "CODEC_LAB_POLICY_FILE";
    public static final String X264_ANCHOR = "CODEC_LAB_X264_ANCHOR";
    public static final String POLICY_SSM_PARAMETER = "CODEC_LAB_POLICY_SSM_PARAMETER";
    public static final String POLICY_REFRESH = "CODEC_LAB_POLICY_REFRESH";
    public static final String LEASE = "CODEC_LAB_LEASE";
    public static final String HTTP_PORT = "CODEC_LAB_HTTP_PORT";
    public static final String HTTP_BIND = "CODEC_LAB_HTTP_BIND";
    public static final String ENABLED_SSM_PARAMETER = "CODEC_LAB_ENABLED_SSM_PARAMETER";
    public static final String STOP_GRACE = "CODEC_LAB_STOP_GRACE";

    /** Names that may appear in the file or the environment; anything else starting CODEC_LAB_ is a typo. */
    public static final List<String> NAMES = List.of(DATA_DIR, DYNAMODB_ENDPOINT, S3_ENDPOINT, SSM_ENDPOINT,
            TABLE_PREFIX, BUCKET, SANDBOX, PROPOSER, LLM_BASE_URL, LLM_MODEL, LLM_API_KEY, SEARCH_CLIPS,
            ADOPTION_CLIPS, QUALITIES, PARALLELISM, DASHBOARD_TOKEN, REGION, ENABLED, POLICY_FILE, X264_ANCHOR,
            POLICY_SSM_PARAMETER, POLICY_REFRESH, LEASE, HTTP_PORT, HTTP_BIND, ENABLED_SSM_PARAMETER, STOP_GRACE);

    /** Heartbeats renew a lease every third of it; below this they would flood the store. */
    private static final Duration MIN_LEASE = Duration.ofSeconds(3);

    private static final List<String> SECRETS = List.of(LLM_API_KEY, DASHBOARD_TOKEN);
    private static final List<String> PROPOSERS = List.of("offline", "openai", "anthropic", "bedrock");

    private final Map<String, String> values;
    private final Path dataDir;
    private final Endpoint dynamoDb;
    private final Endpoint s3;
    private final Endpoint ssm;
    private final SandboxBackend sandbox;
    private final List<Integer> qualities;
    private final int parallelism;
    private final Duration policyRefresh;
    private final Duration lease;
    private final int httpPort;
    private final Duration stopGrace;

    private CodecLabConfig(Map<String, String> values) {
        this.values = Map.copyOf(values);
        this.dataDir = Path.of(get(DATA_DIR).orElse("data")).toAbsolutePath().normalize();
        this.dynamoDb = Endpoint.parse(DYNAMODB_ENDPOINT, values.get(DYNAMODB_ENDPOINT));
        this.s3 = Endpoint.parse(S3_ENDPOINT, values.get(S3_ENDPOINT));
        this.ssm = Endpoint.parse(SSM_ENDPOINT, values.get(SSM_ENDPOINT));
        try {
            this.sandbox = SandboxBackend.parse(get(SANDBOX).orElse("auto"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(SANDBOX + ": " + e.getMessage(), e);
        }
        this.qualities = parseQualities(get(QUALITIES).orElse("2,4,6,8"));
        this.parallelism = parsePositiveInt(PARALLELISM, get(PARALLELISM).orElse(
                Integer.toString(Math.max(1, Runtime.getRuntime().availableProcessors()))));
        this.lease = parseDuration(LEASE, get(LEASE).orElse("2m"));
        if (lease.compareTo(MIN_LEASE) < 0) {
            throw new ConfigException(LEASE + "='" + get(LEASE).orElse("") + "' must be at least "
                    + MIN_LEASE.toSeconds() + "s: heartbeats come every third of it");
        }
        String proposer = proposer();
        if (!PROPOSERS.contains(proposer)) {
            throw new ConfigException(PROPOSER + "='" + proposer + "' is not one of " + PROPOSERS);
        }
        parseBoolean(ENABLED, get(ENABLED).orElse("true"));
        String prefix = tablePrefix();
        if (!prefix.matches("[A-Za-z0-9_.-]{0,200}")) {
            throw new ConfigException(TABLE_PREFIX + "='" + prefix + "' may hold only letters, digits, '_', '-', '.'");
        }
        if (!bucket().matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new ConfigException(BUCKET + "='" + bucket() + "' is not a valid S3 bucket name");
        }
        this.policyRefresh = parseDuration(POLICY_REFRESH, get(POLICY_REFRESH).orElse("60s"));
        if (policyRefresh.isNegative()) {
            throw new ConfigException(POLICY_REFRESH + "='" + get(POLICY_REFRESH).orElseThrow() + "' must not be negative");
        }
        validatePolicyParameter();
        this.httpPort = parsePort(HTTP_PORT, get(HTTP_PORT).orElse("8080"));
        this.stopGrace = parseDuration(STOP_GRACE, get(STOP_GRACE).orElse("60s"));
        if (stopGrace.isNegative()) {
            throw new ConfigException(STOP_GRACE + "='" + get(STOP_GRACE).orElseThrow() + "' must not be negative");
        }
        validateSsmParameter(ENABLED_SSM_PARAMETER, enabledSsmParameter());
    }

    /** Loads the layers: file (may be absent), environment, flags. */
    public static CodecLabConfig load(Optional<Path> file, Map<String, String> environment, Map<String, String> flags) {
        var merged = new LinkedHashMap<String, String>();
        file.ifPresent(f -> merged.putAll(readFile(f)));
        environment.forEach((k, v) -> {
            if (NAMES.contains(k)) {
                merged.put(k, v);
            }
        });
        merged.putAll(flags);
        for (String key : merged.keySet()) {
            if (!NAMES.contains(key)) {
                throw new ConfigException("unknown setting " + key + "; known settings: " + NAMES);
            }
        }
        return new CodecLabConfig(merged);
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

    private static Map<String, String> readFile(Path file) {
        var props = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            props.load(reader);
        } catch (IOException e) {
            throw new ConfigException("cannot read the configuration file " + file + ": " + e.getMessage(), e);
        }
        var map = new LinkedHashMap<String, String>();
        props.forEach((k, v) -> map.put(k.toString().trim(), v.toString().trim()));
        return map;
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
    public int parallelism() { return parallelism; }
    public Optional<String> region() { return get(REGION); }
    public boolean enabled() { return parseBoolean(ENABLED, get(ENABLED).orElse("true")); }
    public Optional<Path> policyFile() { return get(POLICY_FILE).map(Path::of); }
    /** The SSM parameter holding the policy; when set it wins over {@link #policyFile()}. */
    public Optional<String> policySsmParameter() { return get(POLICY_SSM_PARAMETER); }
    /** How often, at most, a policy from SSM is fetched again (zero: before every check). */
    public Duration policyRefresh() { return policyRefresh; }
    public boolean x264Anchor() { return parseBoolean(X264_ANCHOR, get(X264_ANCHOR).orElse("true")); }
    public Optional<String> dashboardToken() { return get(DASHBOARD_TOKEN); }
    /** How long a running experiment's lease lasts; heartbeats renew it every third. After a crash, the next run marks it ABANDONED once it ran out. */
    public Duration lease() { return lease; }
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

    private static List<Integer> parseQualities(String raw) {
        var list = new ArrayList<Integer>();
        for (String part : raw.split(",")) {
            try {
                int q = Integer.parseInt(part.trim());
                if (q < 1 || q > 10) {
                    throw new NumberFormatException();
                }
                list.add(q);
            } catch (NumberFormatException e) {
                throw new ConfigException(QUALITIES + "='" + raw + "' must be comma-separated integers within 1..10");
            }
        }
        if (list.size() < 2 || list.stream().distinct().count() != list.size()) {
            throw new ConfigException(QUALITIES + "='" + raw + "' needs at least two distinct qualities");
        }
        return List.copyOf(list);
    }

    private static int parsePositiveInt(String name, String raw) {
        try {
            int v = Integer.parseInt(raw.trim());
            if (v < 1) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ConfigException(name + "='" + raw + "' must be a positive integer");
        }
    }

    private static int parsePort(String name, String raw) {
        try {
            int v = Integer.parseInt(raw.trim());
            if (v < 0 || v > 65535) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ConfigException(name + "='" + raw + "' must be a port number within 0..65535 (0: any free port)");
        }
    }

    /** "true"/"false" (also yes/no, on/off, 1/0), as {@code CODEC_LAB_ENABLED} and its SSM parameter take them. */
    public static boolean parseBoolean(String name, String raw) {
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new ConfigException(name + "='" + raw + "' must be true or false");
        };
    }

    /** Parses "10m", "30s", "500ms", "2h" (or an ISO-8601 duration) for flags such as {@code --interval}. */
    public static Duration parseDuration(String name, String raw) {
        String s = raw.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.startsWith("p")) {
                return Duration.parse(s.toUpperCase(Locale.ROOT));
            }
            if (s.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            }
            long n = Long.parseLong(s.substring(0, s.length() - 1));
            return switch (s.charAt(s.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new ConfigException(name + "='" + raw + "' is not a duration like 30s, 10m, 2h or 500ms");
        }
    }
}
