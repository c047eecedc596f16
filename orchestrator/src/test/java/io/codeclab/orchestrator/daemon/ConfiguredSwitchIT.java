package io.codeclab.orchestrator.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeclab.orchestrator.aws.AwsClients;
import io.codeclab.orchestrator.config.CodecLabConfig;
import io.codeclab.orchestrator.policy.SsmParameterServer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** The switch against the unmodified SSM client and a local Parameter Store speaking SSM's protocol. */
class ConfiguredSwitchIT {

    private static final String PARAMETER = "/codec-lab/enabled";

    @TempDir
    Path dir;

    private CodecLabConfig config(String enabled) {
        return CodecLabConfig.load(Optional.empty(), Map.of(), Map.of(CodecLabConfig.DATA_DIR, dir.toString(),
                CodecLabConfig.ENABLED, enabled));
    }

    @Test
    void theParameterIsReadEveryTimeAndBothMustSayOn() throws Exception {
        try (var ssm = SsmParameterServer.start()) {
            var config = new AtomicReference<>(config("true"));
            var client = AwsClients.at(ssm.endpoint(), Region.US_EAST_1,
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).ssm();
            try (var onOff = new ConfiguredSwitch(config::get, PARAMETER, client)) {
                assertThat(onOff.read()).isEqualTo(new OnOffSwitch.Reading(false, "SSM parameter " + PARAMETER
                        + " does not exist: create it with the value true to switch on"));
                ssm.put(PARAMETER, "true");
                assertThat(onOff.read()).isEqualTo(new OnOffSwitch.Reading(true, "SSM parameter " + PARAMETER + "=true"));
                ssm.put(PARAMETER, " off ");
                assertThat(onOff.read()).isEqualTo(new OnOffSwitch.Reading(false, "SSM parameter " + PARAMETER + "=off"));
                ssm.put(PARAMETER, "on");
                assertThat(onOff.read().on()).isTrue();
                assertThat(ssm.getParameterRequests()).hasSize(4);

                // The configuration says off: that is enough, SSM is not asked.
                config.set(config("false"));
                assertThat(onOff.read()).isEqualTo(new OnOffSwitch.Reading(false, "CODEC_LAB_ENABLED=false"));
                assertThat(ssm.getParameterRequests()).hasSize(4);
                config.set(config("true"));

                // A value that is no boolean is not a yes: it keeps the last value, and says why.
                ssm.put(PARAMETER, "maybe");
                var garbled = onOff.read();
                assertThat(garbled.on()).isTrue();
                assertThat(garbled.source()).startsWith("SSM parameter " + PARAMETER + " unreadable (")
                        .contains("must be true or false").endsWith("kept on");
            }
        }
    }

    @Test
    void anUnreachableSsmKeepsTheLastValueAndNeverReadMeansOff() throws Exception {
        var ssm = SsmParameterServer.start();
        var endpoint = ssm.endpoint();
        ssm.put(PARAMETER, "true");
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        try (var onOff = new ConfiguredSwitch(() -> config("true"), PARAMETER,
                AwsClients.at(endpoint, Region.US_EAST_1, credentials).ssm());
             var neverRead = new ConfiguredSwitch(() -> config("true"), PARAMETER,
                     AwsClients.at(endpoint, Region.US_EAST_1, credentials).ssm())) {
            assertThat(onOff.read().on()).isTrue();
            ssm.close();
            var kept = onOff.read();
            assertThat(kept.on()).isTrue();
            assertThat(kept.source()).startsWith("SSM parameter " + PARAMETER + " unreadable (").endsWith("kept on");
            var off = neverRead.read();
            assertThat(off.on()).isFalse();
            assertThat(off.source()).endsWith("kept off");
        }
    }

    @Test
    void withoutAParameterTheConfigurationDecides() {
        try (var onOff = new ConfiguredSwitch(() -> config("yes"), null, null)) {
            assertThat(onOff.read()).isEqualTo(new OnOffSwitch.Reading(true, "CODEC_LAB_ENABLED=true"));
        }
    }
}
