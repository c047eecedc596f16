package io.codeclab.orchestrator.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeclab.eval.codecs.BuiltInCodecs;
import io.codeclab.eval.harness.Clip;
import io.codeclab.eval.harness.CodecProgram;
import io.codeclab.eval.policy.Policy;
import io.codeclab.eval.protocol.EvaluationProtocol;
import io.codeclab.eval.video.Bt601;
import io.codeclab.eval.video.Y4m;
import io.codeclab.orchestrator.app.CodecLab;
import io.codeclab.orchestrator.app.Json;
import io.codeclab.orchestrator.config.CodecLabConfig;
import io.codeclab.orchestrator.experiment.ExperimentStatus;
import io.codeclab.orchestrator.experiment.ExperimentStore;
import io.codeclab.orchestrator.experiment.LlmUsage;
import io.codeclab.orchestrator.experiment.SearchChoices;
import io.codeclab.orchestrator.experiment.SearchChoices.Choice;
import io.codeclab.orchestrator.propose.ExperimentContext;
import io.codeclab.orchestrator.propose.Feedback;
import io.codeclab.orchestrator.propose.Proposal;
import io.codeclab.orchestrator.propose.Proposer;
import io.codeclab.orchestrator.propose.llm.LanguageModel;
import io.codeclab.orchestrator.propose.llm.LlmProposer;
import io.codeclab.orchestrator.propose.llm.LlmReply;
import io.codeclab.orchestrator.propose.llm.LlmRequest;
import io.codeclab.orchestrator.propose.llm.NormalizedCode;
import io.codeclab.orchestrator.propose.llm.PromptBuilder;
import io.codeclab.orchestrator.propose.llm.PromptEvidence;
import io.codeclab.orchestrator.run.ClipSets;
import io.codeclab.orchestrator.run.ExperimentRunner;
import io.codeclab.testing.TestClips;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The program database in a real experiment, on the embedded DynamoDB Local and S3 store with the real sandbox:
 * the parent and inspiration drawn by the configured {@code CODEC_LAB_SEARCH_*} settings reach the experiment's
 * record and its prompt artifact, and a scored experiment enters the database with its lineage and cell.
 */
class ProgramSearchIT {

    private static final int FRAMES = 4;
    private static final String PARENT_CODE = BuiltInCodecs.all().get(1).program().source();
    private static final String INSPIRATION_CODE = "import numpy as np\n\n# an inspiration: raw frames\n"
            + "def encode(frames, quality):\n    return frames.tobytes()\n";
    /** Fails at the policy stage in a second: no evaluation is needed to see what the proposer was given. */
    private static final String FORBIDDEN = "import os\nimport numpy as np\n\n"
            + "def encode(frames, quality):\n    return os.urandom(8)\n\ndef decode(data):\n    return None\n";

    @TempDir
    Path dataDir;

    private CodecLab open() {
        return CodecLab.open(CodecLabConfig.load(Optional.empty(), Map.of(), Map.of(
                CodecLabConfig.DATA_DIR, dataDir.toString(),
                CodecLabConfig.X264_ANCHOR, "false",
                CodecLabConfig.SEARCH_PARENTS, "top-k=1",
                CodecLabConfig.SEARCH_TOP_K, "1",
                CodecLabConfig.SEARCH_INSPIRATIONS, "1",
                CodecLabConfig.SEARCH_SEED, "3")));
    }

    private static Clip shortClip(Path y4m) {
        return new Clip(y4m.getFileName().toString(), Bt601.toRgb(Y4m.read(y4m)).firstFrames(FRAMES));
    }

    private static ExperimentRunner runner(CodecLab lab, Proposer proposer) {
        return new ExperimentRunner(lab.experiments(), lab.artifacts(), proposer, lab.evaluator(),
                new ClipSets(List.of(shortClip(TestClips.search())), List.of(shortClip(TestClips.adoption()))),
                Clock.systemUTC(), "it-owner", ExperimentStore.defaultLease(), Json.mapper(),
                Feedback.recentExperiments(), List.of(), List.of(), lab.search());
    }

    /** Enters a program as if experiment {@code id} had scored it. */
    private static void enter(CodecLab lab, String id, String code, double score, Behaviour cell) {
        var program = new CodecProgram(code);
        String key = lab.artifacts().put("experiments/" + id + "/code.py", code.getBytes(StandardCharsets.UTF_8),
                "text/x-python");
        String normalized = NormalizedCode.sha256(code);
        assertThat(lab.programs().claim(normalized, id, Instant.EPOCH)).isInstanceOf(ProgramDatabase.Claim.Claimed.class);
        lab.programs().record(new ProgramEntry(normalized, program.sha256(), id, "", "offline", key, score,
                ProgramEntry.X264, cell, 0.3, 20, code.length(), Instant.EPOCH));
    }

    @Test
    void parentAndInspirationChoicesAreInTheRecordAndThePromptArtifact() {
        try (var lab = open()) {
            enter(lab, "seed-parent", PARENT_CODE, -12, new Behaviour(1, 1, 1));
            enter(lab, "seed-inspiration", INSPIRATION_CODE, -5, new Behaviour(0, 2, 0));
            var requests = new ArrayList<LlmRequest>();
            LanguageModel model = new LanguageModel() {
                @Override
                public LlmReply complete(LlmRequest request) {
                    requests.add(request);
                    return new LlmReply("SUMMARY: borrow the parent's idea\n```python\n" + FORBIDDEN + "```",
                            "test:model", new LlmUsage(100, 50, 0.001, 5), false);
                }

                @Override
                public String name() {
                    return "test:model";
                }
            };
            var proposer = new LlmProposer(model, new PromptBuilder(EvaluationProtocol.ofDefaults()),
                    c -> new PromptEvidence(Policy.bundled(), Map.of(), "", List.of()));

            var record = runner(lab, proposer).runOnce();

            assertThat(record.status()).isEqualTo(ExperimentStatus.FAILED);
            assertThat(record.failure().stage()).isEqualTo("policy");
            var parent = new Choice("seed-parent", Choice.TOP_K,
                    "rank 1 of the top 1 by BD-rate (-12.00 % against x264), medium bit rate, medium decoding, medium code");
            var inspiration = new Choice("seed-inspiration", Choice.INSPIRATION,
                    "the best program that is neither parent nor champion (BD-rate -5.00 % against x264)");
            assertThat(record.searchChoices()).isEqualTo(new SearchChoices(parent, List.of(inspiration)));
            assertThat(record.parentExperimentId()).isEqualTo("seed-parent");
            // As stored, read back by another reader.
            assertThat(lab.experiments().find(record.id()).orElseThrow().searchChoices())
                    .isEqualTo(record.searchChoices());

            String prompt = new String(lab.artifacts().get(record.artifacts().get("prompt")).orElseThrow(),
                    StandardCharsets.UTF_8);
            assertThat(prompt).contains("## Search choices\n- Parent: experiment seed-parent [top-k]: " + parent.why()
                    + "\n- Inspiration: experiment seed-inspiration [inspiration]: " + inspiration.why() + "\n");
            assertThat(prompt).contains("## The parent you build on: experiment seed-parent\n"
                    + "Build on this program, not on the champion: SEARCH/REPLACE edits apply to this code.\n"
                    + "```python\n" + PARENT_CODE);
            assertThat(prompt).contains("## Inspirations (ideas to borrow; do not send them back unchanged)\n"
                    + "### Experiment seed-inspiration: " + inspiration.why() + "\n"
                    + "BD-rate -5.00 % against x264; low bit rate, fast decoding, short code.\n```python\n"
                    + INSPIRATION_CODE);
            // What the model was sent is what the artifact keeps.
            assertThat(requests).hasSize(1);
            assertThat(prompt).endsWith(requests.get(0).turns().get(0).text());
        }
    }

    @Test
    void aScoredExperimentEntersTheDatabaseWithItsLineageAndCell() {
        try (var lab = open()) {
            var program = BuiltInCodecs.all().get(1).program();
            var contexts = new ArrayList<ExperimentContext>();
            Proposer proposer = new Proposer() {
                @Override
                public Proposal propose(ExperimentContext context) {
                    contexts.add(context);
                    return new Proposal(program, "scripted", "block DCT", "", "", null);
                }

                @Override
                public String name() {
                    return "scripted";
                }
            };

            var record = runner(lab, proposer).runOnce();

            // An empty database: top-k falls back to the champion v0 and says why.
            assertThat(record.searchChoices().parent()).isEqualTo(new Choice("", Choice.CHAMPION, "the champion v0;"
                    + " top-k drawn, but the database holds no scored program besides the champion yet"));
            assertThat(contexts.get(0).buildsOnChampion()).isTrue();
            assertThat(record.status()).isEqualTo(ExperimentStatus.ADOPTED);
            var entry = lab.programs().find(NormalizedCode.sha256(program.source())).orElseThrow();
            assertThat(entry.experimentId()).isEqualTo(record.id());
            assertThat(entry.codeSha256()).isEqualTo(program.sha256());
            assertThat(entry.codeKey()).isEqualTo(record.artifacts().get("code"));
            // x264 is off here, so the score is the BD-rate against the champion it was measured with.
            assertThat(entry.scoreBasis()).isEqualTo("champion v0");
            assertThat(entry.score()).isEqualTo(record.bdRateVsChampionPercent()).isLessThan(-1.0);
            assertThat(entry.behaviour()).isEqualTo(Behaviour.of(record.points(), entry.codeBytes()));
            assertThat(entry.codeBytes()).isEqualTo(program.source().getBytes(StandardCharsets.UTF_8).length);
            assertThat(lab.programs().best(5)).extracting(ProgramEntry::experimentId).containsExactly(record.id());
        }
    }
}
