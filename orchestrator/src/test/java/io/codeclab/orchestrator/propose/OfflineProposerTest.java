package io.codeclab.orchestrator.propose;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeclab.eval.codecs.BuiltInCodecs;
import io.codeclab.eval.codecs.Tunables;
import io.codeclab.eval.harness.CodecProgram;
import io.codeclab.orchestrator.experiment.Champion;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OfflineProposerTest {

    private static final CodecProgram JPEG = BuiltInCodecs.baseline();
    private static final CodecProgram DCT = BuiltInCodecs.all().get(1).program();

    private static ExperimentContext context(CodecProgram champion, Set<String> evaluated) {
        return new ExperimentContext(new Champion(0, "", "versions/v0/baseline/codec.py", champion.sha256(),
                Instant.EPOCH), champion, List.of(), evaluated, "");
    }

    @Test
    void anUntriedTemplateComesFirst() {
        var proposal = new OfflineProposer(new Random(1)).propose(context(JPEG, Set.of(JPEG.sha256())));
        assertThat(proposal.program()).isEqualTo(DCT);
        assertThat(proposal.source()).isEqualTo("offline");
        assertThat(proposal.summary()).contains("block_dct");
    }

    @Test
    void laterProposalsVaryTunablesWithinTheirRangesAndNeverRepeat() {
        var proposer = new OfflineProposer(new Random(7));
        var evaluated = new HashSet<>(Set.of(JPEG.sha256(), DCT.sha256()));
        for (int i = 0; i < 30; i++) {
            var proposal = proposer.propose(context(DCT, evaluated));
            assertThat(evaluated).doesNotContain(proposal.program().sha256());
            evaluated.add(proposal.program().sha256());
            var tunables = Tunables.of(proposal.program());
            assertThat(tunables).isNotEmpty().allSatisfy(t -> assertThat(t.value()).isBetween(t.min(), t.max()));
            assertThat(proposal.summary()).contains("->");
            // Only the tunables block changes: the rest of the program is one of the templates, line for line.
            var stripped = proposal.program().source().replaceAll("(?m)^[A-Z][A-Z0-9_]* = .*# tune:.*$", "");
            assertThat(List.of(JPEG, DCT)).extracting(p -> p.source().replaceAll("(?m)^[A-Z][A-Z0-9_]* = .*# tune:.*$", ""))
                    .contains(stripped);
        }
        assertThat(evaluated).hasSize(32);
    }

    @Test
    void aChampionWithoutTunablesIsVariedThroughTheTemplates() {
        var plain = new CodecProgram("import numpy as np\ndef encode(f, q):\n    return f.tobytes()\n");
        var proposal = new OfflineProposer(new Random(3)).propose(context(plain,
                Set.of(JPEG.sha256(), DCT.sha256(), plain.sha256())));
        assertThat(Tunables.of(proposal.program())).isNotEmpty();
    }
}
