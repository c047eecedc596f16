package io.codeclab.orchestrator.execlog;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One experiment as the log saw it: its records grouped, the first failure (if any), and its session fields.
 * Built from records only, so an exported and re-imported log gives the same attempts.
 */
record Attempt(String experimentId, Instant at, String model, String sessionId, String sessionStage,
               String linkedFailure, LogRecord failure, String diff, Map<String, Double> tunables,
               Map<String, Double> parentTunables, boolean evaluated) {

    boolean passed() {
        return failure == null;
    }

    String failedStage() {
        return failure == null ? "" : failure.stage();
    }

    /** Whether this attempt got past {@code stage}: it passed, or failed only at a later stage. */
    boolean passedStage(String stage) {
        return passed() || Stages.order(failedStage()) > Stages.order(stage);
    }

    /**
     * The session this attempt's own failure belongs to: the session it was an attempt in, while it did not get past
     * that session's stage; otherwise its failure opens a session of its own (named by its experiment id).
     */
    String ownSession() {
        if (!sessionId.isEmpty() && !passedStage(sessionStage)) {
            return sessionId;
        }
        return experimentId;
    }

    /** Groups records (in key order) into attempts, in the order of their experiments. */
    static List<Attempt> of(List<LogRecord> records) {
        var byId = new java.util.LinkedHashMap<String, java.util.List<LogRecord>>();
        for (var r : records) {
            byId.computeIfAbsent(r.experimentId(), k -> new java.util.ArrayList<>()).add(r);
        }
        var out = new java.util.ArrayList<Attempt>();
        byId.forEach((id, rs) -> {
            rs.sort(java.util.Comparator.comparingInt(LogRecord::seq));
            var first = rs.get(0);
            LogRecord failure = null;
            boolean evaluated = false;
            String session = "";
            String sessionStage = "";
            String linked = "";
            String diff = "";
            String model = "";
            Map<String, Double> tunables = Map.of();
            Map<String, Double> parentTunables = Map.of();
            for (var r : rs) {
                if (!r.stage().equals(LogRecord.PROPOSE)) {
                    evaluated = true;
                    if (!r.passed() && failure == null) {
                        failure = r;
                    }
                }
                if (session.isEmpty() && !r.sessionId().isEmpty()) {
                    session = r.sessionId();
                    sessionStage = r.sessionStage();
                }
                if (linked.isEmpty()) {
                    linked = r.linkedFailure();
                }
                if (diff.isEmpty()) {
                    diff = r.diff();
                }
                if (model.isEmpty()) {
                    model = r.model();
                }
                if (tunables.isEmpty()) {
                    tunables = r.tunables();
                    parentTunables = r.parentTunables();
                }
            }
            out.add(new Attempt(id, first.at(), model, session, sessionStage, linked, failure, diff, tunables,
                    parentTunables, evaluated));
        });
        return out;
    }
}
