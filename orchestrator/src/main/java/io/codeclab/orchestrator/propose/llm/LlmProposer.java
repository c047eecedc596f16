package io.codeclab.orchestrator.propose.llm;

import io.codeclab.eval.harness.CodecProgram;
import io.codeclab.orchestrator.experiment.LlmUsage;
import io.codeclab.orchestrator.propose.ExperimentContext;
import io.codeclab.orchestrator.propose.Proposal;
import io.codeclab.orchestrator.propose.ProposalException;
import io.codeclab.orchestrator.propose.Proposer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proposes programs by asking a {@link LanguageModel}: builds the prompt from the evidence, sends it, and
 * reads the answer as a whole program or as SEARCH/REPLACE edits to the champion. Edits that do not apply get
 * one follow-up in the same conversation asking for the whole program. An answer that cannot be used ends as
 * a {@link ProposalException} of kind {@code PARSE}, {@code EMPTY}, {@code TRUNCATED} or {@code REFUSED}
 * carrying the prompt, the raw answer and the cost, so that the runner stores them and the next prompt hears
 * of it.
 */
public final class LlmProposer implements Proposer {

    private static final Logger LOG = LoggerFactory.getLogger(LlmProposer.class);
    private static final String FOLLOW_UP = "\n=== follow-up (user) ===\n";
    private static final String NEXT_ANSWER = "\n=== answer to the follow-up ===\n";

    private final LanguageModel model;
    private final PromptBuilder prompts;
    private final Function<ExperimentContext, PromptEvidence> evidence;

    /**
     * @param evidence reads the evidence for a context (normally {@link PromptEvidence#gather} on the live
     *                 policy source, the store and the artifact store)
     */
    public LlmProposer(LanguageModel model, PromptBuilder prompts, Function<ExperimentContext, PromptEvidence> evidence) {
        this.model = model;
        this.prompts = prompts;
        this.evidence = evidence;
    }

    @Override
    public String name() {
        return model.name();
    }

    /** The prompt this proposer would send for {@code context}, without calling the model. */
    public PromptBuilder.Prompt prompt(ExperimentContext context) {
        return prompts.build(context, evidence.apply(context));
    }

    @Override
    public Proposal propose(ExperimentContext context) {
        var prompt = prompt(context);
        var request = LlmRequest.of(prompt.system(), prompt.user());
        var conversation = new StringBuilder(prompt.text());
        var reply = call(request, conversation.toString(), "", LlmUsage.NONE, model.name());
        var usage = reply.usage();
        String responses = reply.text();
        var parsed = ResponseParser.parse(reply.text(), reply.truncated());
        if (parsed instanceof ParsedResponse.EditList edits) {
            var applied = Edits.apply(context.parentProgram().source(), edits.edits());
            if (applied instanceof Edits.Result.Applied ok) {
                return proposal(ok.code(), reply.model(), "edits: " + edits.summary(), conversation, responses, usage);
            }
            var failed = (Edits.Result.NotApplied) applied;
            LOG.info("{}: edit {} of {} did not apply ({}); asking for the whole program", reply.model(),
                    failed.index(), edits.edits().size(), failed.reason());
            String followUp = PromptBuilder.wholeProgramFollowUp(failed.index(), failed.reason());
            conversation.append(FOLLOW_UP).append(followUp);
            var second = call(request.followUp(reply.text(), followUp), conversation.toString(), responses, usage,
                    reply.model());
            usage = usage.plus(second.usage());
            responses = responses + NEXT_ANSWER + second.text();
            parsed = ResponseParser.parse(second.text(), second.truncated());
            reply = second;
            if (parsed instanceof ParsedResponse.EditList again) {
                var retried = Edits.apply(context.parentProgram().source(), again.edits());
                if (retried instanceof Edits.Result.Applied ok) {
                    return proposal(ok.code(), reply.model(), "edits: " + again.summary(), conversation, responses, usage);
                }
                var no = (Edits.Result.NotApplied) retried;
                throw unusable(ResponseParser.PARSE, "edits did not apply, twice: edit " + failed.index() + " "
                        + failed.reason() + "; after the follow-up, edit " + no.index() + " " + no.reason(),
                        conversation, responses, reply.model(), usage);
            }
        }
        if (parsed instanceof ParsedResponse.WholeProgram whole) {
            return proposal(whole.code(), reply.model(), whole.summary(), conversation, responses, usage);
        }
        var bad = (ParsedResponse.Unusable) parsed;
        throw unusable(bad.kind(), bad.reason(), conversation, responses, reply.model(), usage);
    }

    private LlmReply call(LlmRequest request, String prompt, String responsesSoFar, LlmUsage usageSoFar, String source) {
        try {
            return model.complete(request);
        } catch (ProposalException e) {
            throw e.withExchange(new ProposalException.Exchange(prompt, responsesSoFar, source, usageSoFar));
        }
    }

    private static Proposal proposal(String code, String source, String summary, CharSequence prompt, String response,
                                     LlmUsage usage) {
        if (code.isBlank()) {
            throw unusable(ResponseParser.PARSE, "the edits leave an empty program", prompt, response, source, usage);
        }
        return new Proposal(new CodecProgram(code), source, summary.isBlank() ? "(no summary given)" : summary,
                prompt.toString(), response, usage);
    }

    private static ProposalException unusable(String kind, String reason, CharSequence prompt, String response,
                                              String source, LlmUsage usage) {
        LOG.info("{}: unusable answer ({}): {}", source, kind, reason);
        return new ProposalException(kind, reason).withExchange(
                new ProposalException.Exchange(prompt.toString(), response, source, usage));
    }
}
