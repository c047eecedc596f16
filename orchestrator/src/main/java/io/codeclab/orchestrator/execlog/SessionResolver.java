package io.codeclab.orchestrator.execlog;

import io.codeclab.orchestrator.experiment.ExperimentRecord;
import io.codeclab.orchestrator.experiment.ExperimentStatus;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Links an attempt to the failure its proposer was shown, and so to a session. The failure shown is the newest
 * finished experiment before it, when that one failed in evaluation (RecentExperimentsFeedback shows it first). The
 * session is that failure's own session while it lasts (the failure did not get past the session's stage),
 * otherwise the failure opens one. The look-ups run on the log writer's thread, once per attempt.
 */
final class SessionResolver {

    private static final Set<String> EVALUATION_STAGES = Set.of("policy", "smoke", "search", "adoption");

    record Session(String sessionId, String sessionStage, String diff) {
        static final Session NONE = new Session("", "", "");
    }

    private SessionResolver() {
    }

    /** The failed experiment the proposer was shown before this attempt, if any. */
    static Optional<ExperimentRecord> shownFailure(String experimentId, List<ExperimentRecord> recentNewestFirst) {
        for (var r : recentNewestFirst) {
            if (r.id().equals(experimentId) || r.status().isRunning() || r.status() == ExperimentStatus.ABANDONED) {
                continue;
            }
            if (r.status() == ExperimentStatus.FAILED && r.failure() != null
                    && !EVALUATION_STAGES.contains(r.failure().stage())) {
                continue; // a proposal that never reached evaluation: not an attempt
            }
            return r.status() == ExperimentStatus.FAILED && r.failure() != null ? Optional.of(r) : Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * @param failureRecords the shown failure's own log records
     * @param failureCode    the shown failure's code, when it can be read (for the diff)
     */
    static Session resolve(ExperimentRecord shown, List<LogRecord> failureRecords, Optional<String> failureCode,
                           String code) {
        var attempts = Attempt.of(failureRecords);
        String diff = failureCode.map(c -> Analyzer.bound(LineDiff.unified(c, code, "experiment " + shown.id(),
                "this attempt"), Analyzer.MAX_DIFF)).orElse("");
        if (attempts.isEmpty() || attempts.get(0).passed()) {
            // not in the log (older than the log, or lost): it opens a session at the stage its record names
            return new Session(shown.id(), Classification.stage(shown.failure().stage()), diff);
        }
        var f = attempts.get(0);
        String own = f.ownSession();
        String stage = own.equals(f.experimentId()) ? f.failedStage() : f.sessionStage();
        return new Session(own, stage, diff);
    }

    /** The look-up as the writer runs it: memoised, so an attempt's records share one answer. */
    static java.util.function.Supplier<Session> lazily(ExperimentRecord shown, Function<String, List<LogRecord>> records,
                                                       Function<String, Optional<String>> code, String attemptCode) {
        return new java.util.function.Supplier<>() {
            private Session session;

            @Override
            public synchronized Session get() {
                if (session == null) {
                    session = resolve(shown, records.apply(shown.id()), code.apply(shown.id()), attemptCode);
                }
                return session;
            }
        };
    }
}
