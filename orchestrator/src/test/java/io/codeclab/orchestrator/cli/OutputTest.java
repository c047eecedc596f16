package io.codeclab.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeclab.orchestrator.experiment.ExperimentRecord;
import io.codeclab.orchestrator.experiment.ExperimentStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code experiments list/show} show a running experiment whose lease ran out as such, before any sweep. */
class OutputTest {

    private static ExperimentRecord evaluating(String id, Instant leaseExpiresAt) {
        return new ExperimentRecord(id, ExperimentStatus.EVALUATING, 0, null, "offline", "sha", "", "", null,
                null, null, null, null, null, null, null, "host-a:1", leaseExpiresAt, Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void anExpiredLeaseIsShownAsSuchAndALiveOneIsNot() {
        var now = Instant.now();
        var crashed = evaluating("crashed", now.minusSeconds(5));
        var alive = evaluating("alive", now.plusSeconds(60));

        assertThat(Output.status(crashed, now)).isEqualTo("EVALUATING (lease expired)");
        assertThat(Output.status(alive, now)).isEqualTo("EVALUATING");

        var table = new ByteArrayOutputStream();
        Output.experimentTable(List.of(crashed, alive), new PrintStream(table, true, StandardCharsets.UTF_8));
        var lines = table.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).startsWith("crashed").contains("EVALUATING (lease expired)");
        assertThat(lines.get(2)).startsWith("alive").contains("EVALUATING").doesNotContain("expired");

        var detail = new ByteArrayOutputStream();
        Output.experimentDetail(crashed, new PrintStream(detail, true, StandardCharsets.UTF_8));
        assertThat(detail.toString(StandardCharsets.UTF_8)).contains("status      EVALUATING (lease expired)",
                "lease       host-a:1 until " + crashed.leaseExpiresAt());

        assertThat(Output.json(crashed, now)).isInstanceOf(Map.class)
                .extracting(m -> ((Map<?, ?>) m).get("leaseExpired")).isEqualTo(true);
        assertThat(Output.json(alive, now)).isSameAs(alive);
    }

    @Test
    void aTerminalRecordNeverShowsALease() {
        var now = Instant.now();
        var done = new ExperimentRecord("done", ExperimentStatus.ABANDONED, 0, null, "offline", "sha", "", "", null,
                null, null, null, null, null, null, null, null, null, Instant.EPOCH, Instant.EPOCH);
        assertThat(Output.status(done, now)).isEqualTo("ABANDONED");
        assertThat(done.leaseExpired(now)).isFalse();
    }
}
