package io.codeclab.orchestrator.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeclab.orchestrator.experiment.Champion;
import io.codeclab.orchestrator.experiment.SearchChoices.Choice;
import io.codeclab.orchestrator.testing.AwsFixture;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The program database on DynamoDB Local: the claim race (one winner among many workers), scored entries read
 * back by score and by behaviour cell, and parents and inspirations drawn from it by {@link ParentSelector}.
 */
class ProgramDatabaseIT {

    private static final Instant T0 = Instant.parse("2026-12-02T00:00:00Z");
    private static final Behaviour CHAMPION_CELL = new Behaviour(1, 1, 1);
    private static DynamoDbProgramDatabase db;

    static ProgramEntry entry(String id, double score, Behaviour cell) {
        return new ProgramEntry("n-" + id, "c-" + id, id, "parent-of-" + id, "offline", "experiments/" + id
                + "/code.py", score, ProgramEntry.X264, cell, 0.2, 30, 4000, T0);
    }

    /** Five programs: the champion (e1) and the runner-up share cell 1/1/1; three more cells hold one each. */
    @BeforeAll
    static void fill() {
        db = new DynamoDbProgramDatabase(AwsFixture.get().dynamoDb(), AwsFixture.uniqueTablePrefix(ProgramDatabaseIT.class));
        db.ensureTable();
        db.ensureTable(); // a second process at start: nothing to do
        for (var e : List.of(entry("e1", -30, CHAMPION_CELL), entry("e2", -25, CHAMPION_CELL),
                entry("e3", -20, new Behaviour(0, 2, 0)), entry("e4", -10, new Behaviour(2, 0, 2)),
                entry("e5", 5, new Behaviour(0, 0, 0)))) {
            assertThat(db.claim(e.normalizedSha256(), e.experimentId(), T0)).isInstanceOf(ProgramDatabase.Claim.Claimed.class);
            db.record(e);
        }
    }

    private static Champion champion() {
        return new Champion(4, "e1", "versions/v4/e1/codec.py", "c-e1", T0);
    }

    @Test
    void exactlyOneOfEightRacingWorkersClaimsAProgram() throws Exception {
        var pool = Executors.newFixedThreadPool(8);
        var start = new CountDownLatch(1);
        try {
            var answers = new ArrayList<Future<ProgramDatabase.Claim>>();
            for (int i = 0; i < 8; i++) {
                String experiment = "worker-" + i;
                answers.add(pool.submit(() -> {
                    start.await();
                    return db.claim("n-raced", experiment, T0);
                }));
            }
            start.countDown();
            var claims = new ArrayList<ProgramDatabase.Claim>();
            for (var a : answers) {
                claims.add(a.get());
            }
            var won = claims.stream().filter(c -> c instanceof ProgramDatabase.Claim.Claimed).toList();
            var lost = claims.stream().filter(c -> c instanceof ProgramDatabase.Claim.Taken)
                    .map(c -> (ProgramDatabase.Claim.Taken) c).toList();
            assertThat(won).hasSize(1);
            assertThat(lost).hasSize(7);
            // Every loser is told the same winner, one of the workers.
            assertThat(lost).extracting(ProgramDatabase.Claim.Taken::byExperimentId).containsOnly(
                    lost.get(0).byExperimentId()).first().asString().startsWith("worker-");
            assertThat(lost).extracting(ProgramDatabase.Claim.Taken::claimedAt).containsOnly(T0);
            // A claim without a score is not a parent: it stays out of both indexes.
            assertThat(db.find("n-raced")).isEmpty();
            assertThat(db.best(10)).extracting(ProgramEntry::experimentId).doesNotContain(lost.get(0).byExperimentId());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void scoredProgramsReadBackByScoreAndByCell() {
        assertThat(db.best(3)).extracting(ProgramEntry::experimentId).containsExactly("e1", "e2", "e3");
        assertThat(db.best(10)).extracting(ProgramEntry::score).containsExactly(-30.0, -25.0, -20.0, -10.0, 5.0);
        assertThat(db.bestOf(CHAMPION_CELL, 5)).extracting(ProgramEntry::experimentId).containsExactly("e1", "e2");
        assertThat(db.bestOf(new Behaviour(2, 2, 2), 5)).isEmpty();
        assertThat(db.find("n-e4")).hasValue(entry("e4", -10, new Behaviour(2, 0, 2)));
        assertThat(db.best(0)).isEmpty();
    }

    @Test
    void onlyTheClaimantRecordsTheScoreOfItsProgram() {
        assertThat(db.claim("n-owned", "x1", T0)).isEqualTo(new ProgramDatabase.Claim.Claimed("n-owned"));
        var other = new ProgramEntry("n-owned", "c-owned", "x2", "", "offline", "k", -1, ProgramEntry.X264,
                CHAMPION_CELL, 0.2, 30, 100, T0);
        assertThatThrownBy(() -> db.record(other)).isInstanceOf(SearchException.class)
                .hasMessageContaining("claimed by another experiment than x2");
        assertThat(db.find("n-owned")).isEmpty();
    }

    @Test
    void eachModeDrawsItsKindOfParentAndRecordsWhy() {
        var champion = champion();
        var own = Optional.of(entry("e1", -30, CHAMPION_CELL));

        var exploit = new ParentSelector(db, new SearchSettings(1, 0, 0, 3, 0), new SplittableRandom(7), c -> own)
                .select(champion);
        assertThat(exploit.parent()).isInstanceOf(Selection.Pick.OfChampion.class);
        assertThat(exploit.parent().choice()).extracting(Choice::experimentId, Choice::mode)
                .containsExactly("e1", Choice.CHAMPION);
        assertThat(exploit.parent().choice().why()).startsWith("the champion v4; drawn: exploitation (weight 1.00 of 1.00)");
        assertThat(exploit.inspirations()).isEmpty();

        for (int seed = 0; seed < 20; seed++) {
            var top = new ParentSelector(db, new SearchSettings(0, 1, 0, 2, 0), new SplittableRandom(seed), c -> own)
                    .select(champion);
            // The champion (e1) is drawn by its own weight, so the top 2 are the next two: e2 and e3.
            assertThat(top.parent().choice().experimentId()).isIn("e2", "e3");
            assertThat(top.parent().choice().mode()).isEqualTo(Choice.TOP_K);
            assertThat(top.parent().choice().why()).matches("rank [12] of the top 2 by BD-rate \\(-2[05]\\.00 % against"
                    + " x264\\), .*");

            var explore = new ParentSelector(db, new SearchSettings(0, 0, 1, 2, 2), new SplittableRandom(seed),
                    c -> own).select(champion);
            // Never the champion's own cell (1/1/1): the elites of the three other occupied cells.
            assertThat(explore.parent().choice().experimentId()).isIn("e3", "e4", "e5");
            assertThat(explore.parent().choice().why()).contains("exploration: the best of behaviour cell",
                    "one of 3 other occupied cells");
            // Inspirations: the best that is neither parent nor champion first, then another cell's best.
            assertThat(explore.inspirations()).hasSize(2);
            var ids = explore.inspirations().stream().map(i -> i.entry().experimentId()).toList();
            assertThat(ids).doesNotContain("e1", explore.parent().choice().experimentId()).doesNotHaveDuplicates();
            assertThat(ids.get(0)).isEqualTo(explore.parent().choice().experimentId().equals("e2") ? "e3" : "e2");
            assertThat(explore.choices().inspirations()).extracting(Choice::mode).containsOnly(Choice.INSPIRATION);
        }
    }

    @Test
    void aModeWithNothingToDrawFallsBackToTheChampionAndSaysWhy() {
        var empty = new DynamoDbProgramDatabase(AwsFixture.get().dynamoDb(),
                AwsFixture.uniqueTablePrefix(ProgramDatabaseIT.class) + "-empty");
        empty.ensureTable();
        var v0 = new Champion(0, "", "versions/v0/baseline/codec.py", "c-v0", T0);
        var drawn = new ParentSelector(empty, new SearchSettings(0, 0, 1, 3, 2), new SplittableRandom(1),
                c -> Optional.empty()).select(v0);
        assertThat(drawn.parent()).isInstanceOf(Selection.Pick.OfChampion.class);
        assertThat(drawn.parent().choice().why()).isEqualTo("the champion v0; exploration drawn, but no other"
                + " behaviour cell holds a scored program yet");
        assertThat(drawn.inspirations()).isEmpty();
    }
}
