package io.codeclab.orchestrator.execlog;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of the execution log: a sandbox run of one experiment (or its policy verdict, or a check that failed
 * a stage after its runs), as stored in the {@code <prefix>-runlog} table.
 *
 * @param at                when the run ended
 * @param experimentId      the experiment (time-sortable, so records sort by time)
 * @param seq               the record's number within its experiment, from 0
 * @param stage             POLICY, SMOKE, SEARCH, ADOPTION (or PROPOSE for the proposal's cost)
 * @param side              ENCODE, DECODE or empty
 * @param quality           the quality setting of the run (0 when none)
 * @param passed            whether the run (or check) passed
 * @param status            the sandbox status (OK, TIMEOUT, OOM, CRASH, ...) or POLICY / CHECK
 * @param exceptionType     the program's exception type (NameError), else the failure kind (TIMEOUT, OOM,
 *                          PolicyViolation, WRONG_SHAPE); empty when passed
 * @param message           the failure's message as it was (bounded)
 * @param normalizedMessage the message with numbers, paths, identifiers and hex replaced ({@link MessageNormalizer})
 * @param tracebackTail     the tail of the traceback (bounded)
 * @param limit             the limit or policy rule involved ("wall clock 10 s", "memory 512 MiB", a rule name)
 * @param codeSha256        the program's hash
 * @param parentCodeSha256  the hash of the champion it was built on
 * @param model             the proposer or model that wrote the program
 * @param sessionId         the session this attempt belongs to (the id of the failure that opened it), or empty
 * @param linkedFailure     the failed experiment the proposer was shown before this attempt, or empty
 * @param sessionStage      the stage that failed at the session's start (what a fix must pass), or empty
 * @param seconds           wall-clock seconds of the run
 * @param usd               money spent (the LLM's cost, on the PROPOSE record)
 * @param tunables          tunables the attempt changed against its parent: new values
 * @param parentTunables    the same tunables' values in the parent
 * @param diff              on an attempt's first record: the unified diff from the linked failure's code (bounded)
 */
public record LogRecord(Instant at, String experimentId, int seq, String stage, String side, int quality,
                        boolean passed, String status, String exceptionType, String message,
                        String normalizedMessage, String tracebackTail, String limit, String codeSha256,
                        String parentCodeSha256, String model, String sessionId, String linkedFailure,
                        String sessionStage, double seconds, double usd, Map<String, Double> tunables,
                        Map<String, Double> parentTunables, String diff) {

    public static final String PASSED = "PASSED";
    public static final String FAILED = "FAILED";
    public static final String PROPOSE = "PROPOSE";

    public LogRecord {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(experimentId, "experimentId");
        Objects.requireNonNull(stage, "stage");
        side = nz(side);
        status = nz(status);
        exceptionType = nz(exceptionType);
        message = nz(message);
        normalizedMessage = nz(normalizedMessage);
        tracebackTail = nz(tracebackTail);
        limit = nz(limit);
        codeSha256 = nz(codeSha256);
        parentCodeSha256 = nz(parentCodeSha256);
        model = nz(model);
        sessionId = nz(sessionId);
        linkedFailure = nz(linkedFailure);
        sessionStage = nz(sessionStage);
        tunables = tunables == null ? Map.of() : Map.copyOf(tunables);
        parentTunables = parentTunables == null ? Map.of() : Map.copyOf(parentTunables);
        diff = nz(diff);
    }

    /** The sort key: experiment id then the record's number, so that records sort by time. */
    public String key() {
        return String.format(java.util.Locale.ROOT, "%s#%04d", experimentId, seq);
    }

    /** {@value #PASSED} or {@value #FAILED}: the partition of the outcome index. */
    public String outcome() {
        return passed ? PASSED : FAILED;
    }

    /** This record with its session fields set (they are known only once the linked failure was looked up). */
    public LogRecord withSession(String sessionId, String sessionStage, String diff) {
        return new LogRecord(at, experimentId, seq, stage, side, quality, passed, status, exceptionType, message,
                normalizedMessage, tracebackTail, limit, codeSha256, parentCodeSha256, model, sessionId, linkedFailure,
                sessionStage, seconds, usd, tunables, parentTunables, seq == 0 ? diff : "");
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
