package io.codeclab.orchestrator.execlog;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeclab.eval.codecs.BuiltInCodecs;
import io.codeclab.eval.codecs.Tunables;
import io.codeclab.eval.harness.CodecProgram;
import io.codeclab.eval.policy.Policy;
import io.codeclab.eval.protocol.EvaluationProtocol;
import io.codeclab.orchestrator.experiment.Champion;
import io.codeclab.orchestrator.propose.ExperimentContext;
import io.codeclab.orchestrator.propose.FailingRegions;
import io.codeclab.orchestrator.propose.Feedback;
import io.codeclab.orchestrator.propose.OfflineProposer;
import io.codeclab.orchestrator.propose.llm.PromptBuilder;
import io.codeclab.orchestrator.propose.llm.PromptEvidence;
import io.codeclab.sandbox.SandboxOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A recorded recurring failure changes what the next proposer is told (the prompt) and what the offline one picks. */
class LearningReachesProposersTest {

    private static final CodecProgram DCT = BuiltInCodecs.all().get(1).program();
    private static final PromptBuilder PROMPTS = new PromptBuilder(EvaluationProtocol.custom().qualities(List.of(2, 8))
            .build());

    private static ExperimentContext context(String feedback, Set<String> evaluated) {
        return new ExperimentContext(new Champion(0, "", "versions/v0/block_dct/codec.py", DCT.sha256(),
                Instant.EPOCH), DCT, List.of(), evaluated, feedback);
    }

    private static String prompt(ScriptedLog log) throws InterruptedException {
        var records = log.written();
        var feedback = Feedback.of(List.of(Feedback.recentExperiments(), new RecommendationFeedback(() -> records)));
        return PROMPTS.build(context(feedback.text(List.of()), Set.of()),
                new PromptEvidence(Policy.bundled(), Map.of(), "", List.of())).user();
    }

    @Test
    void aRecurringTimeoutAndAFixedOutOfMemoryReachThePromptBoundedAndOncePerPattern() throws Exception {
        try (var log = new ScriptedLog()) {
            String before = prompt(log);
            assertThat(before).doesNotContain(RecommendationFeedback.HEADING);

            var timeout = new SandboxOutcome.Timeout(Duration.ofSeconds(10));
            for (int buffer : new int[] {4000, 5000, 6000}) {
                log.attempt(ScriptedLog.withBuffer(buffer)).policy(true).ok("smoke").run("search", timeout, "")
                        .fails("search", "TIMEOUT", "the program ran longer than the limit of 10 s");
            }
            log.attempt(ScriptedLog.withBuffer(300)).passes(); // a pass in between: the next failure opens a session
            log.attempt(ScriptedLog.withBuffer(8000)).policy(true)
                    .run("smoke", new SandboxOutcome.OutOfMemory(512L << 20), "")
                    .fails("smoke", "OOM", "the program needed more than 512 MiB of memory");
            var fix = log.attempt(ScriptedLog.withBuffer(200));
            fix.passes();
            String after = prompt(log);

            assertThat(after).isNotEqualTo(before).contains(RecommendationFeedback.HEADING,
                    "- TIMEOUT at stage search, 3 time(s), 3 fixed: the program ran longer than the limit of <n> s",
                    "rule or limit: wall clock 10 s",
                    "- OOM at stage smoke, 1 time(s), 1 fixed: the program needed more than <n> MiB of memory",
                    "rule or limit: memory 512 MiB", "experiment " + fix.id, "+BUFFER = 200");
            String lessons = after.substring(after.indexOf(RecommendationFeedback.HEADING));
            assertThat(lessons.split("- TIMEOUT at stage", -1)).hasSize(2);
            var written = log.written();
            assertThat(new RecommendationFeedback(() -> written).text(List.of()).length())
                    .isLessThanOrEqualTo(RecommendationFeedback.MAX_TEXT);
        }
    }

    @Test
    void theOfflineProposerStopsMovingATunableIntoARegionThatKeepsFailing() throws Exception {
        Set<String> evaluated = BuiltInCodecs.all().stream().map(t -> t.program().sha256()).collect(Collectors.toSet());
        try (var log = new ScriptedLog(DCT.source())) {
            for (int gop : new int[] {15, 18}) {
                log.attempt(DCT.source().replace("GOP = 12 ", "GOP = " + gop + " ")).policy(true)
                        .run("smoke", new SandboxOutcome.OutOfMemory(512L << 20), "")
                        .fails("smoke", "OOM", "the program needed more than 512 MiB of memory");
            }
            var regions = TunableRegions.of(log.written());
            assertThat(regions.keepsFailing("GOP", 15)).isTrue();
            assertThat(regions.keepsFailing("GOP", 14)).isFalse();
            assertThat(regions.keepsFailing("BASE_STEP", 30)).isFalse();

            int changedChoices = 0;
            int intoTheRegionBefore = 0;
            for (int seed = 0; seed < 200; seed++) {
                var blind = new OfflineProposer(new Random(seed), () -> FailingRegions.NONE)
                        .propose(context("", evaluated)).program();
                var taught = new OfflineProposer(new Random(seed), () -> regions).propose(context("", evaluated))
                        .program();
                if (gop(blind) >= 15) {
                    intoTheRegionBefore++;
                }
                assertThat(gop(taught)).isLessThan(15);
                if (!blind.equals(taught)) {
                    changedChoices++;
                }
            }
            assertThat(intoTheRegionBefore).isGreaterThan(5);
            assertThat(changedChoices).isGreaterThanOrEqualTo(intoTheRegionBefore);
        }
    }

    private static double gop(CodecProgram program) {
        return Tunables.of(program).stream().filter(t -> t.name().equals("GOP")).mapToDouble(t -> t.value()).findFirst().orElse(-1);
    }
}
