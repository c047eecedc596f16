package io.codeclab.orchestrator.propose.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeclab.eval.harness.CodecProgram;
import io.codeclab.eval.harness.QualityPoint;
import io.codeclab.eval.policy.Policy;
import io.codeclab.eval.protocol.EvaluationProtocol;
import io.codeclab.orchestrator.experiment.Champion;
import io.codeclab.orchestrator.experiment.ExperimentRecord;
import io.codeclab.orchestrator.experiment.ExperimentStatus;
import io.codeclab.orchestrator.experiment.LlmUsage;
import io.codeclab.orchestrator.propose.ExperimentContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PromptBuilderTest {

    private static final PromptBuilder BUILDER = new PromptBuilder(EvaluationProtocol.custom().qualities(List.of(3, 7)).build());

    private static ExperimentContext context(String feedback) {
        var program = new CodecProgram(LlmProposerTest.CHAMPION);
        return new ExperimentContext(new Champion(2, "20261201T000000Z-aaaaaa", "versions/v2/x/codec.py",
                program.sha256(), Instant.EPOCH), program, List.of(), Set.of(), feedback);
    }

    @Test
    void theSystemTextHoldsTheContractAndTheRulesOfThePolicyItIsGiven() {
        var bundled = Policy.bundled();
        String system = BUILDER.build(context(""), new PromptEvidence(bundled, Map.of(), "", List.of())).system();
        assertThat(system).contains("def encode(frames: np.ndarray, quality: int) -> bytes:",
                "def decode(data: bytes) -> np.ndarray:", "carry its own dimensions", "identical frames",
                "Qualities measured: 3, 7",
                "Policy " + bundled.version(), "Imports allowed (each with its submodules): "
                        + String.join(", ", bundled.allowedImports()),
                "From io only: BytesIO.", "numpy.load: np.load reads files", "Builtins not allowed: eval, exec,",
                "<<<<<<< SEARCH", ">>>>>>> REPLACE", "SUMMARY:");

        // Another policy document gives other rules: the prompt is generated from the policy, not a copy of it.
        String custom = bundled.json().replace("\"numpy\", \"cv2\",", "\"numpy\", \"scipy\",")
                .replace("\"version\": \"" + bundled.version() + "\"", "\"version\": \"test-7\"");
        String other = BUILDER.build(context(""), new PromptEvidence(Policy.fromJson("test", custom), Map.of(), "",
                List.of())).system();
        assertThat(other).contains("Policy test-7", "Imports allowed (each with its submodules): numpy, scipy, torch,")
                .doesNotContain("numpy, cv2,");
    }

    @Test
    void theUserTextHoldsTheChampionWithItsPointsEarlierProgramsAndTheFeedback() {
        var point = new QualityPoint(3, 1234, 411.3, 0.0571, 33.456, 32.1, 0.9123, 55.0, 120.0);
        var earlier = new ExperimentRecord("20261201T010000Z-bbbbbb", ExperimentStatus.REJECTED, 2, null, "test:model",
                "ab", "", "smaller blocks", LlmUsage.NONE, List.of(), List.of(), List.of(point), 0.75, 12.5, null,
                Map.of("code", "k"), null, null, Instant.EPOCH, Instant.EPOCH);
        var evidence = new PromptEvidence(Policy.bundled(), Map.of("city.y4m", List.of(point)),
                "experiment 20261201T000000Z-aaaaaa (its report)",
                List.of(new PromptEvidence.EarlierProgram("the best program that is not the champion", earlier,
                        "def encode(frames, quality):\n    return b''\n")));
        String user = BUILDER.build(context("- experiment Z failed at stage policy: import-not-allowed: os\n"), evidence)
                .user();
        assertThat(user).contains("## The champion: version 2 (experiment 20261201T000000Z-aaaaaa)",
                "from experiment 20261201T000000Z-aaaaaa (its report)",
                "| city.y4m | 3 | 411.3 | 0.0571 | 33.46 | 0.9123 | 55.0 | 120.0 |",
                "```python\n" + LlmProposerTest.CHAMPION + "```",
                "### Experiment 20261201T010000Z-bbbbbb: the best program that is not the champion",
                "REJECTED on champion v2; BD-rate against that champion +0.75 %, against x264 +12.50 %",
                "Summary: smaller blocks", "| all clips | 3 | 411.3 |", "    return b''",
                "- experiment Z failed at stage policy: import-not-allowed: os");
    }

    @Test
    void anUnmeasuredChampionAndNoFeedbackAreSaidSo() {
        String user = BUILDER.build(context(""), new PromptEvidence(Policy.bundled(), Map.of(), "", List.of())).user();
        assertThat(user).contains("Not measured yet", "## Feedback from recent experiments\nNone yet.")
                .doesNotContain("## Earlier programs");
    }
}
