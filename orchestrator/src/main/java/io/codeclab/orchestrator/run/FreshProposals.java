package io.codeclab.orchestrator.run;

import io.codeclab.eval.harness.CodecProgram;
import io.codeclab.orchestrator.experiment.Champion;
import io.codeclab.orchestrator.experiment.ExperimentRecord;
import io.codeclab.orchestrator.experiment.ExperimentStore;
import io.codeclab.orchestrator.propose.ExperimentContext;
import io.codeclab.orchestrator.propose.Proposal;
import io.codeclab.orchestrator.propose.ProposalException;
import io.codeclab.orchestrator.propose.Proposer;
import java.util.HashSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the proposer until it offers a program never evaluated before. The store is the judge (recent history
 * only covers so much); a repeat is added to the hashes the next attempt is told about.
 */
final class FreshProposals {

    private static final Logger LOG = LoggerFactory.getLogger(FreshProposals.class);
    static final int ATTEMPTS = 5;

    private final Proposer proposer;
    private final ExperimentStore store;

    FreshProposals(Proposer proposer, ExperimentStore store) {
        this.proposer = proposer;
        this.store = store;
    }

    /**
     * @throws ProposalException when the proposer fails, or offers only code evaluated before
     */
    Proposal next(Champion champion, CodecProgram championCode, List<ExperimentRecord> recent, String feedback) {
        var evaluated = new HashSet<String>();
        recent.forEach(r -> evaluated.add(r.codeSha256()));
        store.versions().forEach(v -> evaluated.add(v.codeSha256()));
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            var proposal = proposer.propose(new ExperimentContext(champion, championCode, recent, evaluated, feedback));
            String sha = proposal.program().sha256();
            var earlier = store.findByCodeSha256(sha);
            if (earlier.isEmpty()) {
                return proposal;
            }
            LOG.info("proposal {} repeats the code of experiment {}; asking again", sha, earlier.get().id());
            evaluated.add(sha);
        }
        throw new ProposalException("NothingNew", proposer.name() + " proposed only code evaluated before in "
                + ATTEMPTS + " attempts");
    }
}
