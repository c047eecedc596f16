package io.codeclab.orchestrator.execlog;

import io.codeclab.orchestrator.execlog.LogAnalysis.Day;
import io.codeclab.orchestrator.execlog.LogAnalysis.Pattern;
import io.codeclab.orchestrator.execlog.LogAnalysis.Recommendation;
import io.codeclab.orchestrator.execlog.LogAnalysis.Session;
import io.codeclab.orchestrator.execlog.LogAnalysis.SessionCounts;
import io.codeclab.orchestrator.execlog.LogAnalysis.StageCost;
import io.codeclab.orchestrator.execlog.LogAnalysis.Unfixed;
import io.codeclab.orchestrator.execlog.LogAnalysis.Window;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Computes the {@link LogAnalysis} of a list of records (in key order): pure, so the same records, live or
 * re-imported, give the same analysis.
 */
public final class Analyzer {

    /** Experiments per window of the success rate over time. */
    public static final int WINDOW = 20;
    static final int MAX_PATTERNS = 50;
    static final int MAX_RECOMMENDATIONS = 20;
    static final int MAX_SESSIONS = 100;
    static final int MAX_UNFIXED = 100;
    static final int MAX_DIFF = 3000;

    private Analyzer() {
    }

    /** A pattern's identity: exception type, stage and normalised message. */
    record Key(String exceptionType, String stage, String pattern) {
        static Key of(LogRecord r) {
            return new Key(r.exceptionType(), r.stage(), r.normalizedMessage());
        }
    }

    /** A session as computed: its id, opening stage, failures (opening first) and attempts to fix. */
    record SessionState(String id, String stage, List<Attempt> failures, List<Attempt> attempts, Attempt fixedBy,
                        int attemptsToFix) {
        boolean fixed() {
            return fixedBy != null;
        }
    }

    public static LogAnalysis analyze(List<LogRecord> records, String since) {
        var attempts = Attempt.of(records);
        var evaluated = attempts.stream().filter(Attempt::evaluated).toList();
        var sessions = sessions(evaluated);
        var sessionOf = new HashMap<String, SessionState>();
        sessions.values().forEach(s -> s.failures().forEach(f -> sessionOf.put(f.experimentId(), s)));
        var patterns = patterns(evaluated, sessionOf);
        return new LogAnalysis(records.size(), since, successRate(evaluated), patterns, counts(sessions),
                unfixed(sessions), stages(records), recommendations(patterns, evaluated, sessions, sessionOf),
                sessionList(sessions), null);
    }

    static LogAnalysis.SuccessRate successRate(List<Attempt> attempts) {
        var days = new TreeMap<String, int[]>();
        for (var a : attempts) {
            var c = days.computeIfAbsent(a.at().atZone(ZoneOffset.UTC).toLocalDate().toString(), d -> new int[2]);
            c[0]++;
            c[1] += a.passed() ? 1 : 0;
        }
        var perDay = new ArrayList<Day>();
        days.forEach((d, c) -> perDay.add(new Day(d, c[0], c[1], rate(c[1], c[0]))));
        var perWindow = new ArrayList<Window>();
        for (int i = 0; i < attempts.size(); i += WINDOW) {
            var chunk = attempts.subList(i, Math.min(attempts.size(), i + WINDOW));
            int passed = (int) chunk.stream().filter(Attempt::passed).count();
            perWindow.add(new Window(chunk.get(0).experimentId(), chunk.get(chunk.size() - 1).experimentId(),
                    chunk.size(), rate(passed, chunk.size())));
        }
        return new LogAnalysis.SuccessRate(perDay, perWindow);
    }

    /**
     * Sessions in order of opening. A failure opens a session unless it is a further failed attempt within an open
     * one ({@link Attempt#ownSession}); an attempt linked to a session that gets past the session's stage fixes it.
     */
    static Map<String, SessionState> sessions(List<Attempt> attempts) {
        var failures = new LinkedHashMap<String, List<Attempt>>();
        var members = new HashMap<String, List<Attempt>>();
        var stage = new HashMap<String, String>();
        for (var a : attempts) {
            if (!a.sessionId().isEmpty()) {
                members.computeIfAbsent(a.sessionId(), k -> new ArrayList<>()).add(a);
                stage.putIfAbsent(a.sessionId(), a.sessionStage());
            }
            if (!a.passed()) {
                String own = a.ownSession();
                failures.computeIfAbsent(own, k -> new ArrayList<>()).add(a);
                if (own.equals(a.experimentId())) {
                    stage.put(own, a.failedStage());
                }
            }
        }
        var out = new LinkedHashMap<String, SessionState>();
        failures.forEach((id, fs) -> {
            String s = stage.getOrDefault(id, fs.get(0).failedStage());
            var tries = members.getOrDefault(id, List.of());
            Attempt fixedBy = null;
            int toFix = 0;
            for (int i = 0; i < tries.size(); i++) {
                if (tries.get(i).passedStage(s)) {
                    fixedBy = tries.get(i);
                    toFix = i + 1;
                    break;
                }
            }
            out.put(id, new SessionState(id, s, List.copyOf(fs), List.copyOf(tries), fixedBy, toFix));
        });
        return out;
    }

    static List<Pattern> patterns(List<Attempt> attempts, Map<String, SessionState> sessionOf) {
        var counts = new LinkedHashMap<Key, int[]>();
        var last = new HashMap<Key, String>();
        for (var a : attempts) {
            if (a.passed()) {
                continue;
            }
            var key = Key.of(a.failure());
            var c = counts.computeIfAbsent(key, k -> new int[2]);
            c[0]++;
            var s = sessionOf.get(a.experimentId());
            c[1] += s != null && s.fixed() ? 1 : 0;
            last.merge(key, a.failure().at().toString(), (x, y) -> x.compareTo(y) >= 0 ? x : y);
        }
        return counts.entrySet().stream()
                .map(e -> new Pattern(e.getKey().exceptionType(), e.getKey().stage(), e.getKey().pattern(),
                        e.getValue()[0], e.getValue()[1], e.getValue()[0] - e.getValue()[1], last.get(e.getKey())))
                .sorted(Comparator.comparingInt(Pattern::count).reversed()
                        .thenComparing(Pattern::lastSeen, Comparator.reverseOrder()))
                .limit(MAX_PATTERNS).toList();
    }

    static SessionCounts counts(Map<String, SessionState> sessions) {
        int fixed = (int) sessions.values().stream().filter(SessionState::fixed).count();
        double mean = sessions.values().stream().filter(SessionState::fixed)
                .mapToInt(SessionState::attemptsToFix).average().orElse(0);
        return new SessionCounts(sessions.size(), fixed, sessions.size() - fixed, mean);
    }

    static List<Unfixed> unfixed(Map<String, SessionState> sessions) {
        var out = new ArrayList<Unfixed>();
        for (var s : sessions.values()) {
            if (!s.fixed()) {
                var latest = s.failures().get(s.failures().size() - 1).failure();
                out.add(new Unfixed(s.id(), latest.experimentId(), latest.stage(), latest.exceptionType(),
                        latest.message(), latest.at().toString()));
            }
        }
        // newest first: what is still broken now
        java.util.Collections.reverse(out);
        return out.stream().limit(MAX_UNFIXED).toList();
    }

    static List<StageCost> stages(List<LogRecord> records) {
        var by = new TreeMap<String, double[]>(Comparator.comparingInt(Stages::order).thenComparing(s -> s));
        for (var r : records) {
            var c = by.computeIfAbsent(r.stage(), s -> new double[3]);
            c[0]++;
            c[1] += r.seconds();
            c[2] += r.usd();
        }
        var out = new ArrayList<StageCost>();
        by.forEach((s, c) -> out.add(new StageCost(s, (int) c[0], round(c[1], 3), round(c[2], 6))));
        return out;
    }

    static List<Recommendation> recommendations(List<Pattern> patterns, List<Attempt> attempts,
                                                Map<String, SessionState> sessions,
                                                Map<String, SessionState> sessionOf) {
        var out = new ArrayList<Recommendation>();
        for (var p : patterns) {
            var key = new Key(p.exceptionType(), p.stage(), p.pattern());
            var limits = new HashMap<String, Integer>();
            SessionState fixedSession = null;
            for (var a : attempts) {
                if (!a.passed() && Key.of(a.failure()).equals(key)) {
                    if (!a.failure().limit().isEmpty()) {
                        limits.merge(a.failure().limit(), 1, Integer::sum);
                    }
                    var s = sessionOf.get(a.experimentId());
                    if (s != null && s.fixed()) {
                        fixedSession = s; // attempts are in time order: the latest fix wins
                    }
                }
            }
            String rule = limits.entrySet().stream().max(Map.Entry.<String, Integer>comparingByValue()
                    .thenComparing(Map.Entry.comparingByKey())).map(Map.Entry::getKey).orElse("");
            String fixedBy = fixedSession == null ? "" : fixedSession.fixedBy().experimentId();
            String diff = fixedSession == null ? "" : bound(fixedSession.fixedBy().diff(), MAX_DIFF);
            out.add(new Recommendation(p.pattern(), p.exceptionType(), p.stage(), p.count(), p.fixed(), rule,
                    Advice.of(p, rule, fixedBy), fixedBy, diff));
            if (out.size() >= MAX_RECOMMENDATIONS) {
                break;
            }
        }
        return out;
    }

    static List<Session> sessionList(Map<String, SessionState> sessions) {
        var out = new ArrayList<Session>();
        for (var s : sessions.values()) {
            var opening = s.failures().get(0).failure();
            out.add(new Session(s.id(), s.stage(), opening.exceptionType(), opening.normalizedMessage(),
                    s.attempts().size(), s.fixed(), s.fixed() ? s.fixedBy().experimentId() : "", s.attemptsToFix(),
                    opening.at().toString()));
        }
        java.util.Collections.reverse(out);
        return out.stream().limit(MAX_SESSIONS).toList();
    }

    private static double rate(int passed, int total) {
        return total == 0 ? 0 : round((double) passed / total, 4);
    }

    private static double round(double v, int places) {
        double f = Math.pow(10, places);
        return Math.round(v * f) / f;
    }

    static String bound(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "\n... (diff cut at " + max + " characters)";
    }
}
