package io.codeclab.orchestrator.execlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.codeclab.sandbox.SandboxOutcome;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Scripted sequences of attempts through the real log path give the right sessions, counts and recommendations. */
class AnalyzerTest {

    private static final String NAME_ERROR = """
            Traceback (most recent call last):
              File "/work/candidate.py", line 7, in encode
                return bytes(blok)
            NameError: name 'blok' is not defined
            """;

    @Test
    void aNameErrorThenItsFixThenASuccessIsOneSessionFixedInOneAttempt() throws Exception {
        try (var log = new ScriptedLog()) {
            var broken = ScriptedLog.PARENT.replace("bytes(BUFFER)", "bytes(blok)");
            var a = log.attempt(broken).policy(true).run("smoke", new SandboxOutcome.Crash(1, 0), NAME_ERROR)
                    .fails("smoke", "NameError", "NameError: name 'blok' is not defined");
            var b = log.attempt(ScriptedLog.PARENT.replace("bytes(BUFFER)", "bytes(BUFFER + 1)"));
            b.passes();
            log.attempt(ScriptedLog.withBuffer(300)).passes();

            var analysis = log.analysis();
            assertThat(analysis.sessions()).isEqualTo(new LogAnalysis.SessionCounts(1, 1, 0, 1.0));
            assertThat(analysis.unfixed()).isEmpty();
            assertThat(analysis.patterns()).extracting(LogAnalysis.Pattern::exceptionType, LogAnalysis.Pattern::stage,
                    LogAnalysis.Pattern::pattern, LogAnalysis.Pattern::count, LogAnalysis.Pattern::fixed,
                    LogAnalysis.Pattern::unfixed)
                    .containsExactly(tuple("NameError", "SMOKE", "name <id> is not defined", 1, 1, 0));
            assertThat(analysis.successRate().perDay()).containsExactly(new LogAnalysis.Day("2026-12-01", 3, 2, 0.6667));
            assertThat(analysis.successRate().perWindow()).hasSize(1);
            assertThat(analysis.successRate().perWindow().get(0).experiments()).isEqualTo(3);
            assertThat(analysis.sessionList()).singleElement().satisfies(s -> {
                assertThat(s.sessionId()).isEqualTo(a.id());
                assertThat(s.fixedBy()).isEqualTo(b.id);
                assertThat(s.attempts()).isEqualTo(1);
            });
            var rec = analysis.recommendations().get(0);
            assertThat(rec.exceptionType()).isEqualTo("NameError");
            assertThat(rec.count()).isEqualTo(1);
            assertThat(rec.fixedBy()).isEqualTo(b.id);
            assertThat(rec.fixDiff()).contains("-    return bytes(blok)", "+    return bytes(BUFFER + 1)")
                    .startsWith("--- experiment " + a.id());
            // the third attempt followed a success: it is linked to nothing
            assertThat(log.written().stream().filter(r -> r.seq() == 0).map(LogRecord::linkedFailure))
                    .containsExactly("", a.id(), "");
        }
    }

    @Test
    void twoTimeoutsInARowStayOneUnfixedSessionWithBothFailures() throws Exception {
        try (var log = new ScriptedLog()) {
            var timeout = new SandboxOutcome.Timeout(Duration.ofSeconds(10));
            var t1 = log.attempt(ScriptedLog.withBuffer(4000)).policy(true).ok("smoke").run("search", timeout, "")
                    .fails("search", "TIMEOUT", "the program ran longer than the limit of 10 s");
            var t2 = log.attempt(ScriptedLog.withBuffer(5000)).policy(true).ok("smoke").run("search", timeout, "")
                    .fails("search", "TIMEOUT", "the program ran longer than the limit of 10 s");

            var analysis = log.analysis();
            assertThat(analysis.sessions()).isEqualTo(new LogAnalysis.SessionCounts(1, 0, 1, 0.0));
            assertThat(analysis.unfixed()).singleElement().satisfies(u -> {
                assertThat(u.sessionId()).isEqualTo(t1.id());
                assertThat(u.experimentId()).isEqualTo(t2.id());
                assertThat(u.stage()).isEqualTo("SEARCH");
                assertThat(u.exceptionType()).isEqualTo("TIMEOUT");
            });
            assertThat(analysis.patterns()).extracting(LogAnalysis.Pattern::pattern, LogAnalysis.Pattern::count,
                    LogAnalysis.Pattern::fixed, LogAnalysis.Pattern::unfixed)
                    .containsExactly(tuple("the program ran longer than the limit of <n> s", 2, 0, 2));
            var rec = analysis.recommendations().get(0);
            assertThat(rec.rule()).isEqualTo("wall clock 10 s");
            assertThat(rec.fixDiff()).isEmpty();
            assertThat(rec.advice()).contains("wall clock 10 s", "never fixed");
            assertThat(analysis.successRate().perDay()).containsExactly(new LogAnalysis.Day("2026-12-01", 2, 0, 0.0));
        }
    }

    @Test
    void aPolicyViolationThenAProgramThatPassesThePolicyFixesItsSession() throws Exception {
        try (var log = new ScriptedLog()) {
            var p = log.attempt("import socket\n" + ScriptedLog.PARENT).policy(false)
                    .fails("policy", "forbidden-import", "import of 'socket' is not allowed");
            var q = log.attempt(ScriptedLog.withBuffer(128));
            q.passes();

            var analysis = log.analysis();
            assertThat(analysis.sessions()).isEqualTo(new LogAnalysis.SessionCounts(1, 1, 0, 1.0));
            assertThat(analysis.patterns()).extracting(LogAnalysis.Pattern::exceptionType, LogAnalysis.Pattern::stage,
                    LogAnalysis.Pattern::pattern, LogAnalysis.Pattern::count)
                    .containsExactly(tuple("PolicyViolation", "POLICY", "import of <id> is not allowed", 1));
            var rec = analysis.recommendations().get(0);
            assertThat(rec.rule()).isEqualTo("forbidden-import");
            assertThat(rec.fixedBy()).isEqualTo(q.id);
            assertThat(rec.fixDiff()).contains("-import socket");
            assertThat(log.written().stream().filter(r -> r.experimentId().equals(p.id())).count()).isEqualTo(2);
        }
    }

    @Test
    void anOutOfMemoryFixedByASmallerBufferRecommendsThatDiffAndTheMemoryLimit() throws Exception {
        try (var log = new ScriptedLog()) {
            var oom = log.attempt(ScriptedLog.withBuffer(8000)).policy(true)
                    .run("smoke", new SandboxOutcome.OutOfMemory(512L << 20), "")
                    .fails("smoke", "OOM", "the program needed more than 512 MiB of memory");
            var fix = log.attempt(ScriptedLog.withBuffer(200));
            fix.passes();

            var analysis = log.analysis();
            assertThat(analysis.sessions()).isEqualTo(new LogAnalysis.SessionCounts(1, 1, 0, 1.0));
            var rec = analysis.recommendations().get(0);
            assertThat(rec.exceptionType()).isEqualTo("OOM");
            assertThat(rec.stage()).isEqualTo("SMOKE");
            assertThat(rec.pattern()).isEqualTo("the program needed more than <n> MiB of memory");
            assertThat(rec.rule()).isEqualTo("memory 512 MiB");
            assertThat(rec.fixedBy()).isEqualTo(fix.id);
            assertThat(rec.fixDiff()).contains("-BUFFER = 8000  # tune: int 16 8192",
                    "+BUFFER = 200  # tune: int 16 8192");
            assertThat(rec.advice()).contains("smaller buffers", fix.id);
            assertThat(oom.failure().kind()).isEqualTo("OOM");
        }
    }

    @Test
    void aSessionNeedsAnAttemptPastItsStageAndMeanAttemptsCountEveryTry() throws Exception {
        try (var log = new ScriptedLog()) {
            var timeout = new SandboxOutcome.Timeout(Duration.ofSeconds(10));
            var t1 = log.attempt(ScriptedLog.withBuffer(4000)).policy(true).ok("smoke").run("search", timeout, "")
                    .fails("search", "TIMEOUT", "the program ran longer than the limit of 10 s");
            // fails earlier (smoke): still inside the timeout's session, which stays open
            log.attempt(ScriptedLog.withBuffer(4001)).policy(true).run("smoke", new SandboxOutcome.Crash(1, 0),
                    NAME_ERROR).fails("smoke", "NameError", "NameError: name 'blok' is not defined");
            // gets past search (fails later, at adoption): fixes the timeout's session, and opens its own
            var third = log.attempt(ScriptedLog.withBuffer(300)).policy(true).ok("smoke").ok("search")
                    .run("adoption", new SandboxOutcome.OutOfMemory(512L << 20), "")
                    .fails("adoption", "OOM", "the program needed more than 512 MiB of memory");

            var analysis = log.analysis();
            assertThat(analysis.sessions()).isEqualTo(new LogAnalysis.SessionCounts(2, 1, 1, 2.0));
            assertThat(analysis.unfixed()).singleElement().satisfies(u -> {
                assertThat(u.sessionId()).isEqualTo(third.id());
                assertThat(u.exceptionType()).isEqualTo("OOM");
            });
            assertThat(analysis.sessionList()).extracting(LogAnalysis.Session::sessionId, LogAnalysis.Session::fixed)
                    .containsExactly(tuple(third.id(), false), tuple(t1.id(), true));
            // the NameError counted as a failure of the fixed session
            assertThat(analysis.patterns()).filteredOn(p -> p.exceptionType().equals("NameError"))
                    .extracting(LogAnalysis.Pattern::fixed).containsExactly(1);
        }
    }

    @Test
    void stagesAddUpRunsSecondsAndTheProposalsCost() throws Exception {
        try (var log = new ScriptedLog()) {
            log.attempt(ScriptedLog.withBuffer(300)).passes();
            log.attempt(ScriptedLog.withBuffer(400)).passes();
            var stages = log.analysis().stages();
            assertThat(stages).extracting(LogAnalysis.StageCost::stage)
                    .containsExactly("PROPOSE", "POLICY", "SMOKE", "SEARCH", "ADOPTION");
            assertThat(stages.get(0)).isEqualTo(new LogAnalysis.StageCost("PROPOSE", 2, 6.0, 0.02));
            assertThat(stages.get(2)).isEqualTo(new LogAnalysis.StageCost("SMOKE", 2, 3.0, 0.0));
        }
    }

    @Test
    void theFourScenariosInOneLogGiveFourSessionsThreeFixedAndTheTimeoutsUnfixed() throws Exception {
        try (var log = new ScriptedLog().allScenarios()) {
            var analysis = log.analysis();
            assertThat(analysis.records()).isEqualTo(36);
            assertThat(analysis.sessions()).isEqualTo(new LogAnalysis.SessionCounts(4, 3, 1, 1.0));
            assertThat(analysis.unfixed()).extracting(LogAnalysis.Unfixed::exceptionType, LogAnalysis.Unfixed::stage)
                    .containsExactly(tuple("TIMEOUT", "SEARCH"));
            assertThat(analysis.patterns()).extracting(LogAnalysis.Pattern::exceptionType, LogAnalysis.Pattern::count,
                    LogAnalysis.Pattern::fixed, LogAnalysis.Pattern::unfixed)
                    .containsExactly(tuple("TIMEOUT", 2, 0, 2), tuple("OOM", 1, 1, 0),
                            tuple("PolicyViolation", 1, 1, 0), tuple("NameError", 1, 1, 0));
            assertThat(analysis.successRate().perDay()).containsExactly(new LogAnalysis.Day("2026-12-01", 5, 3, 0.6),
                    new LogAnalysis.Day("2026-12-02", 4, 1, 0.25));
            assertThat(analysis.recommendations()).extracting(LogAnalysis.Recommendation::exceptionType,
                    LogAnalysis.Recommendation::rule, r -> r.fixDiff().isEmpty())
                    .containsExactly(tuple("TIMEOUT", "wall clock 10 s", true), tuple("OOM", "memory 512 MiB", false),
                            tuple("PolicyViolation", "forbidden-import", false), tuple("NameError", "", false));
        }
    }
}
