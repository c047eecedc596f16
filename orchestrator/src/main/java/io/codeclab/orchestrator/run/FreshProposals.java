package io.codeclab.orchestrator.run;

import io.codeclab.eval.harness.CodecProgram;
import io.codeclab.orchestrator.experiment.Champion;
import io.codeclab.orchestrator.experiment.ExperimentRecord;
import io.codeclab.orchestrator.experiment.ExperimentStore;
import io.codeclab.orchestrator.experiment.LlmUsage;
import io.codeclab.orchestrator.propose.ExperimentContext;
import io.codeclab.orchestrator.propose.Lineage;
import io.codeclab.orchestrator.propose.Proposal;
import io.codeclab.orchestrator.propose.ProposalException;
import io.codeclab.orchestrator.propose.Proposer;
import io.codeclab.orchestrator.propose.llm.NormalizedCode;
import io.codeclab.orchestrator.search.ProgramDatabase;
import io.codeclab.orchestrator.search.ProgramSearch;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the proposer until it offers a program never evaluated before, so no evaluation is paid twice. The
 * store is the judge (recent history only covers so much), on the exact code hash and on the normalised one
 * ({@link NormalizedCode}: the same program with other comments or spacing). A repeat is added to the hashes
 * the next attempt is told about, and the next attempt's feedback says, in words, which earlier experiment it
 * repeated. What every attempt cost is added up in the proposal (or the failure) that ends the asking.
 */
final class FreshProposals {

    private static final Logger LOG = LoggerFactory.getLogger(FreshProposals.class);
    static final int ATTEMPTS = 5;

    private final Proposer proposer;
    private final ExperimentStore store;
    private final ProgramSearch search;

    FreshProposals(Proposer proposer, ExperimentStore store, ProgramSearch search) {
        this.proposer = proposer;
        this.store = store;
        this.search = search;
    }

    /**
     * @throws ProposalException when the proposer fails, or offers only code evaluated before
     */
    Proposal next(String experimentId, Champion champion, CodecProgram championCode, Lineage lineage,
                  List<ExperimentRecord> recent, String feedback) {
        var evaluated = new HashSet<String>();
        recent.forEach(r -> evaluated.add(r.codeSha256()));
        store.versions().forEach(v -> evaluated.add(v.codeSha256()));
        var repeats = new StringBuilder();
        var spent = LlmUsage.NONE;
        Proposal proposal = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            String told = repeats.isEmpty() ? feedback : feedback + (feedback.isEmpty() ? "" : "\n")
                    + "Already evaluated, so not evaluated again (send a different program):\n" + repeats;
            try {
                proposal = proposer.propose(new ExperimentContext(champion, championCode, recent, evaluated, told,
                        lineage));
            } catch (ProposalException e) {
                var x = e.exchange();
                throw spent == LlmUsage.NONE ? e : e.withExchange(new ProposalException.Exchange(x.prompt(),
                        x.response(), x.source(), spent.plus(x.usage())));
            }
            spent = spent.plus(proposal.usage());
            var program = proposal.program();
            var earlier = repeatOf(program, champion, championCode).or(() -> claimedElsewhere(program, experimentId));
            if (earlier.isEmpty()) {
                return new Proposal(proposal.program(), proposal.source(), proposal.summary(), proposal.prompt(),
                        proposal.response(), spent);
            }
            LOG.info("proposal {} repeats {} (up to comments and spacing); asking again", proposal.program().sha256(),
                    earlier.get());
            repeats.append("- your proposal \"").append(proposal.summary()).append("\" is, up to comments and spacing, ")
                    .append(earlier.get()).append('\n');
            evaluated.add(proposal.program().sha256());
        }
        throw new ProposalException("NothingNew", proposer.name() + " proposed only code evaluated before in "
                + ATTEMPTS + " attempts").withExchange(new ProposalException.Exchange(proposal.prompt(),
                proposal.response(), proposal.source(), spent));
    }

    /**
     * Claims the program for this experiment (novelty before cost: the claim is one conditional write, so of two
     * workers proposing the same program at once only one evaluates it); what holds it, in words, when another
     * experiment claimed it first.
     */
    private Optional<String> claimedElsewhere(CodecProgram program, String experimentId) {
        var claim = search.claim(NormalizedCode.sha256(program.source()), experimentId);
        if (claim instanceof ProgramDatabase.Claim.Taken taken) {
            return Optional.of("the program experiment " + taken.byExperimentId() + " claimed first (at "
                    + taken.claimedAt() + "; another worker evaluates it)");
        }
        return Optional.empty();
    }

    /** What {@code program} repeats, in words for the log and the next prompt; empty when it is new. */
    private Optional<String> repeatOf(CodecProgram program, Champion champion, CodecProgram championCode) {
        String normalized = NormalizedCode.sha256(program.source());
        if (normalized.equals(NormalizedCode.sha256(championCode.source()))) {
            return Optional.of("the champion's own code (v" + champion.version() + ")");
        }
        var exact = store.findByCodeSha256(program.sha256());
        var earlier = exact.isPresent() ? exact : store.findByNormalizedSha256(normalized);
        return earlier.map(e -> String.format(Locale.ROOT, "the program of experiment %s (%s%s)", e.id(), e.status(),
                e.bdRateVsChampionPercent() == null ? "" : String.format(Locale.ROOT, ", BD-rate %+.2f %% on v%d",
                        e.bdRateVsChampionPercent(), e.championVersion())));
    }
}
