package io.codeclab.orchestrator.propose.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.codeclab.eval.harness.CodecProgram;
import io.codeclab.eval.policy.Policy;
import io.codeclab.eval.protocol.EvaluationProtocol;
import io.codeclab.orchestrator.experiment.Champion;
import io.codeclab.orchestrator.experiment.LlmUsage;
import io.codeclab.orchestrator.propose.ExperimentContext;
import io.codeclab.orchestrator.propose.ProposalException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The proposer against a scripted fake of the {@link LanguageModel} seam (the providers are tested on HTTP). */
class LlmProposerTest {

    static final String CHAMPION = "import numpy as np\n\nQ = 8\n\ndef encode(frames, quality):\n"
            + "    return frames.tobytes()\n\ndef decode(data):\n    return np.frombuffer(data, np.uint8)\n";

    /** Answers in turn and keeps every request. */
    static final class ScriptedModel implements LanguageModel {
        final Deque<Object> answers;
        final List<LlmRequest> requests = new ArrayList<>();

        ScriptedModel(Object... answers) {
            this.answers = new ArrayDeque<>(List.of(answers));
        }

        @Override
        public LlmReply complete(LlmRequest request) {
            requests.add(request);
            Object next = answers.removeFirst();
            if (next instanceof RuntimeException e) {
                throw e;
            }
            return (LlmReply) next;
        }

        @Override
        public String name() {
            return "scripted";
        }
    }

    static LlmReply reply(String text) {
        return new LlmReply(text, "test:model", new LlmUsage(1000, 200, 0.01, 50), false);
    }

    static ExperimentContext context() {
        var program = new CodecProgram(CHAMPION);
        return new ExperimentContext(new Champion(0, "", "versions/v0/baseline/codec.py", program.sha256(),
                Instant.EPOCH), program, List.of(), Set.of(), "- experiment X failed at stage smoke: CRASH: boom\n");
    }

    static LlmProposer proposer(LanguageModel model) {
        return new LlmProposer(model, new PromptBuilder(EvaluationProtocol.ofDefaults()),
                c -> new PromptEvidence(Policy.bundled(), Map.of(), "", List.of()));
    }

    @Test
    void aWholeProgramIsProposedWithTheModelItsCostThePromptAndTheRawAnswer() {
        String answer = "SUMMARY: raw\n```python\n" + ResponseParserTest.PROGRAM + "```";
        var model = new ScriptedModel(reply(answer));
        var proposal = proposer(model).propose(context());
        assertThat(proposal.program().source()).isEqualTo(ResponseParserTest.PROGRAM);
        assertThat(proposal.source()).isEqualTo("test:model");
        assertThat(proposal.summary()).isEqualTo("raw");
        assertThat(proposal.usage()).isEqualTo(new LlmUsage(1000, 200, 0.01, 50));
        assertThat(proposal.response()).isEqualTo(answer);
        assertThat(proposal.prompt()).startsWith("=== system ===\n").contains("=== user ===\n", CHAMPION,
                "failed at stage smoke: CRASH: boom");
        assertThat(model.requests).hasSize(1);
        assertThat(model.requests.get(0).turns()).hasSize(1);
    }

    @Test
    void editsThatApplyChangeTheChampion() {
        var model = new ScriptedModel(reply("SUMMARY: finer\n<<<<<<< SEARCH\nQ = 8\n=======\nQ = 6\n>>>>>>> REPLACE\n"));
        var proposal = proposer(model).propose(context());
        assertThat(proposal.program().source()).isEqualTo(CHAMPION.replace("Q = 8", "Q = 6"));
        assertThat(proposal.summary()).isEqualTo("edits: finer");
    }

    @Test
    void editsThatDoNotApplyGetOneFollowUpForTheWholeProgramAndBothCallsAreCounted() {
        String edits = "SUMMARY: x\n<<<<<<< SEARCH\nQ = 7\n=======\nQ = 6\n>>>>>>> REPLACE\n";
        var model = new ScriptedModel(reply(edits), reply("```python\n" + ResponseParserTest.PROGRAM + "```"));
        var proposal = proposer(model).propose(context());
        assertThat(proposal.program().source()).isEqualTo(ResponseParserTest.PROGRAM);
        assertThat(proposal.usage()).isEqualTo(new LlmUsage(2000, 400, 0.02, 100));
        assertThat(model.requests).hasSize(2);
        var turns = model.requests.get(1).turns();
        assertThat(turns).extracting(LlmRequest.Turn::role).containsExactly(LlmRequest.Role.USER,
                LlmRequest.Role.ASSISTANT, LlmRequest.Role.USER);
        assertThat(turns.get(1).text()).isEqualTo(edits);
        assertThat(turns.get(2).text()).startsWith("Your edit 1 did not apply: its SEARCH text (starting 'Q = 7')")
                .contains("whole program");
        assertThat(proposal.prompt()).contains("=== follow-up (user) ===\nYour edit 1 did not apply");
        assertThat(proposal.response()).contains(edits, "=== answer to the follow-up ===");
    }

    @Test
    void anUnusableAnswerIsAClassifiedFailureKeepingTheRawTextAndTheCost() {
        var truncated = new LlmReply("```python\nimport numpy", "test:model", new LlmUsage(1000, 4096, 0.05, 900), true);
        var e = catchThrowableOfType(() -> proposer(new ScriptedModel(truncated)).propose(context()),
                ProposalException.class);
        assertThat(e.kind()).isEqualTo("TRUNCATED");
        assertThat(e.exchange().response()).isEqualTo("```python\nimport numpy");
        assertThat(e.exchange().source()).isEqualTo("test:model");
        assertThat(e.exchange().usage()).isEqualTo(new LlmUsage(1000, 4096, 0.05, 900));
        assertThat(e.exchange().prompt()).contains(CHAMPION);

        var empty = catchThrowableOfType(() -> proposer(new ScriptedModel(reply(""))).propose(context()),
                ProposalException.class);
        assertThat(empty.kind()).isEqualTo("EMPTY");
    }

    @Test
    void editsThatDeleteEverythingAreAParseFailureNotACrash() {
        var model = new ScriptedModel(reply("<<<<<<< SEARCH\n" + CHAMPION + "=======\n>>>>>>> REPLACE\n"));
        var e = catchThrowableOfType(() -> proposer(model).propose(context()), ProposalException.class);
        assertThat(e.kind()).isEqualTo("PARSE");
        assertThat(e.getMessage()).isEqualTo("the edits leave an empty program");
    }

    @Test
    void aFailedCallKeepsItsKindAndTypeAndCarriesThePrompt() {
        var e = catchThrowableOfType(() -> proposer(new ScriptedModel(new LlmCallException("BreakerOpen",
                "the breaker of test:model is open"))).propose(context()), LlmCallException.class);
        assertThat(e.kind()).isEqualTo("BreakerOpen");
        assertThat(e.exchange().prompt()).contains(CHAMPION);
        assertThat(e.exchange().response()).isEmpty();
    }
}
