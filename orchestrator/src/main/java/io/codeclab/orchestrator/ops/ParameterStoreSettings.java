package io.codeclab.orchestrator.ops;

import io.codeclab.orchestrator.aws.AwsClients;
import io.codeclab.orchestrator.config.CodecLabConfig;
import io.codeclab.orchestrator.config.ConfigException;
import io.codeclab.orchestrator.config.Endpoint;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.SsmException;

/**
 * Settings from Parameter Store: under {@code CODEC_LAB_SSM_PREFIX} (e.g. {@code /codec-lab/}) each parameter
 * named like a setting ({@code /codec-lab/CODEC_LAB_LLM_API_KEY}, String or SecureString, read with
 * decryption) fills that setting below the environment and the flags, above the configuration file. Other
 * parameters under the prefix (the policy, say) are left alone. Values are never logged, only names.
 */
public final class ParameterStoreSettings {

    private static final Logger LOG = LoggerFactory.getLogger(ParameterStoreSettings.class);

    /** Settings that say where Parameter Store is: they cannot come from it. */
    static final List<String> NOT_FROM_PARAMETER_STORE = List.of(CodecLabConfig.SSM_PREFIX,
            CodecLabConfig.SSM_ENDPOINT, CodecLabConfig.REGION);

    private ParameterStoreSettings() {
    }

    /** The configuration from file, environment and flags, with Parameter Store layered in when they name a prefix. */
    public static CodecLabConfig load(Optional<Path> file, Map<String, String> environment, Map<String, String> flags) {
        return load(file, environment, flags, config -> AwsClients.fromConfig(config).ssm());
    }

    /** As {@link #load(Optional, Map, Map)}, with the SSM client built by {@code ssmClients} (closed here). */
    public static CodecLabConfig load(Optional<Path> file, Map<String, String> environment, Map<String, String> flags,
                                      Function<CodecLabConfig, SsmClient> ssmClients) {
        CodecLabConfig local = CodecLabConfig.load(file, environment, flags);
        Optional<String> prefix = local.ssmPrefix();
        if (prefix.isEmpty()) {
            return local;
        }
        if (local.ssmEndpoint() instanceof Endpoint.Embedded) {
            throw new ConfigException(CodecLabConfig.SSM_PREFIX + "='" + prefix.get() + "' needs SSM, and there is"
                    + " no embedded SSM: set " + CodecLabConfig.SSM_ENDPOINT + "=aws (or the URL of an SSM endpoint),"
                    + " or unset " + CodecLabConfig.SSM_PREFIX);
        }
        Map<String, String> stored;
        try (SsmClient ssm = ssmClients.apply(local)) {
            stored = read(ssm, prefix.get());
        }
        return CodecLabConfig.load(file, stored, environment, flags);
    }

    /** The settings under {@code prefix} (which ends in '/'), by setting name. */
    public static Map<String, String> read(SsmClient ssm, String prefix) {
        String path = prefix.length() > 1 && prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        var settings = new TreeMap<String, String>();
        try {
            var pages = ssm.getParametersByPathPaginator(r -> r.path(path).recursive(false).withDecryption(true));
            for (Parameter p : (Iterable<Parameter>) pages.stream().flatMap(page -> page.parameters().stream())::iterator) {
                String name = p.name().startsWith(prefix) ? p.name().substring(prefix.length()) : p.name();
                if (NOT_FROM_PARAMETER_STORE.contains(name)) {
                    LOG.warn("Parameter Store {}{} is ignored: {} says where Parameter Store is, so it is read from"
                            + " the file, the environment or a flag only", prefix, name, name);
                } else if (CodecLabConfig.NAMES.contains(name)) {
                    settings.put(name, p.value());
                } else if (name.startsWith("CODEC_LAB_")) {
                    LOG.warn("Parameter Store {}{} is not a codec-lab setting (a typo?) and is ignored; known: {}",
                            prefix, name, CodecLabConfig.NAMES);
                }
            }
        } catch (SsmException e) {
            throw new ConfigException("cannot read the settings under " + CodecLabConfig.SSM_PREFIX + "=" + prefix
                    + ": SSM said " + e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage()
                    + "; check the ssm:GetParametersByPath permission on the path (and kms:Decrypt when its"
                    + " SecureStrings use a customer key)", e);
        } catch (SdkException e) {
            throw new ConfigException("cannot reach SSM to read the settings under " + CodecLabConfig.SSM_PREFIX + "="
                    + prefix + ": " + e.getMessage() + "; check the network, " + CodecLabConfig.SSM_ENDPOINT + ", "
                    + CodecLabConfig.REGION + " and the AWS credentials", e);
        }
        LOG.info("settings from Parameter Store under {}: {}", prefix, settings.keySet());
        return settings;
    }
}
