package io.codeclab.orchestrator.propose.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codeclab.eval.harness.QualityPoint;
import io.codeclab.eval.policy.Policy;
import io.codeclab.eval.protocol.EvaluationProtocol;
import io.codeclab.orchestrator.propose.ExperimentContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builds the prompt from evidence, not prose: the system text holds the codec contract (SPEC §5, with this
 * installation's qualities, margin and limits), the rules of the policy in force, generated from its
 * document, and the answer format; the user text holds the champion's code and per-clip, per-quality points,
 * earlier programs with their metrics, and the feedback on recent experiments. Deterministic: the same
 * evidence gives the same prompt, byte for byte.
 */
public final class PromptBuilder {

    /** Programs longer than this are cut in the prompt (the champion never is). */
    static final int MAX_EARLIER_CODE = 12_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EvaluationProtocol protocol;

    public PromptBuilder(EvaluationProtocol protocol) {
        this.protocol = protocol;
    }

    /** A system text and the first user turn. */
    public record Prompt(String system, String user) {
        /** Both parts as one text, as stored in the experiment's {@code prompt} artifact. */
        public String text() {
            return "=== system ===\n" + system + "\n=== user ===\n" + user;
        }
    }

    public Prompt build(ExperimentContext context, PromptEvidence evidence) {
        return new Prompt(system(evidence.policy()), user(context, evidence));
    }

    /** The follow-up sent when edits did not apply: ask for the whole program instead. */
    public static String wholeProgramFollowUp(int index, String reason) {
        return "Your edit " + index + " did not apply: " + reason + ". Do not send edits again. Reply with the"
                + " whole program (the champion with your changes made) in one ```python block, after the"
                + " SUMMARY line.";
    }

    String system(Policy policy) {
        var s = new StringBuilder();
        s.append("You improve a video codec written as one Python module. Each program you write is checked"
                + " against the policy below, run in a sandbox (no network, no file system, limited CPU time and"
                + " memory) and measured by a trusted harness. It replaces the champion only if it needs fewer bits"
                + " for the same quality on held-out clips.\n\n");
        s.append("## The contract\n");
        s.append("```python\n");
        s.append("def encode(frames: np.ndarray, quality: int) -> bytes:  # frames: uint8 (N, H, W, 3) RGB; quality 1..10\n");
        s.append("def decode(data: bytes) -> np.ndarray:                   # must return uint8 (N, H, W, 3) RGB\n");
        s.append("```\n");
        s.append("- Both functions at the top level of the module. The module is imported once per process, so state"
                + " may carry across frames within a call (temporal prediction works).\n");
        s.append("- decode runs in a second, fresh sandbox and gets the bitstream and nothing else: the bitstream must"
                + " carry its own dimensions (H, W) and frame count.\n");
        s.append("- Checked before scoring: decoded shape, dtype (uint8) and frame count equal the input's; no NaN;"
                + " decoding the same bitstream twice gives identical frames (be deterministic: no unseeded"
                + " randomness); the bitstream is not larger than the raw frames.\n");
        s.append(String.format(Locale.ROOT, "- Qualities measured: %s (higher quality: more bits, less distortion)."
                        + " Rate is the bitstream's size; distortion is PSNR-Y (BT.601 luma) and SSIM-Y of the decoded"
                        + " frames, computed by the harness. Nothing the program prints counts.%n",
                protocol.qualities().stream().map(String::valueOf).collect(Collectors.joining(", "))));
        s.append(String.format(Locale.ROOT, "- Stages: the policy check; a smoke run (%d frames, quality %d, %d s);"
                        + " the search clips at every quality (%d s, %d MiB per run); the held-out adoption clips"
                        + " (%d s per run).%n",
                protocol.smokeFrames(), protocol.smokeQuality(), protocol.smokeLimits().wallTimeout().toSeconds(),
                protocol.searchLimits().wallTimeout().toSeconds(), protocol.searchLimits().memoryBytes() >> 20,
                protocol.adoptionLimits().wallTimeout().toSeconds()));
        s.append(String.format(Locale.ROOT, "- Adopted when its BD-rate against the champion on the adoption clips is"
                        + " below %.1f %% (negative: fewer bits for the same PSNR-Y) and PSNR-Y at the top quality is"
                        + " above %.1f dB on every clip.%n%n",
                protocol.adoptionMarginPercent(), protocol.psnrFloorDb()));
        s.append(rules(policy));
        s.append("\n## How to answer\n");
        s.append("Start with one line `SUMMARY: <what you changed and why, in one sentence>`. Then either\n");
        s.append("(a) the whole program in one ```python block, or\n");
        s.append("(b) edits to the champion's code, each as a block like this (the SEARCH text copied exactly from"
                + " the champion, with enough lines to be unique; edits apply in order):\n");
        s.append("<<<<<<< SEARCH\nlines of the champion\n=======\nthe new lines\n>>>>>>> REPLACE\n");
        s.append("Prefer edits for small changes and the whole program for a new design. Send one proposal only.\n");
        return s.toString();
    }

    /** The policy's rules as generated from its document, so the prompt says what the checker enforces. */
    static String rules(Policy policy) {
        JsonNode root;
        try {
            root = JSON.readTree(policy.jsonBytes());
        } catch (IOException e) {
            throw new IllegalStateException("policy " + policy.version() + " was validated but cannot be re-read", e);
        }
        var s = new StringBuilder();
        s.append("## Policy ").append(policy.version()).append(" (enforced by a static check; a violation fails the"
                + " program with its line and column)\n");
        s.append("- Imports allowed (each with its submodules): ").append(String.join(", ", policy.allowedImports()))
                .append(". Any other import is rejected.\n");
        var imports = root.path("imports");
        for (var e : fields(imports.path("restrictedMembers"))) {
            s.append("- From ").append(e.getKey()).append(" only: ").append(join(e.getValue())).append(".\n");
        }
        var builtins = names(root.path("deniedBuiltins"));
        if (!builtins.isEmpty()) {
            s.append("- Builtins not allowed: ").append(String.join(", ", builtins))
                    .append(" (a method of the same name, like model.eval(), is fine).\n");
        }
        var apis = fields(root.path("deniedApis"));
        if (!apis.isEmpty()) {
            s.append("- APIs not allowed (with everything under them):\n");
            for (var e : apis) {
                s.append("  - ").append(e.getKey()).append(": ").append(e.getValue().asText()).append('\n');
            }
        }
        var attributes = names(root.path("deniedAttributeNames"));
        if (!attributes.isEmpty()) {
            s.append("- Attribute names not allowed on any object: ").append(String.join(", ", attributes)).append(".\n");
        }
        for (var e : fields(root.path("deniedKeywords"))) {
            s.append("- Keyword argument ").append(e.getKey()).append("= not allowed unless False: ")
                    .append(e.getValue().asText()).append('\n');
        }
        var dunders = root.path("dunders");
        if (dunders.has("allowedAttributes")) {
            s.append("- Dunder attributes allowed: only ").append(join(dunders.path("allowedAttributes")))
                    .append("; dunder names allowed: only ").append(join(dunders.path("allowedNames"))).append(".\n");
        }
        if (root.has("maxSourceBytes")) {
            s.append("- At most ").append(root.get("maxSourceBytes").asInt()).append(" bytes of source.\n");
        }
        return s.toString();
    }

    String user(ExperimentContext context, PromptEvidence evidence) {
        var champion = context.champion();
        var s = new StringBuilder();
        s.append("## The champion: version ").append(champion.version());
        s.append(champion.experimentId().isEmpty() ? " (the built-in baseline)" : " (experiment " + champion.experimentId() + ")");
        s.append("\n");
        if (evidence.championPoints().isEmpty()) {
            s.append("Not measured yet: no experiment has scored it so far.\n");
        } else {
            s.append("Its points, per clip and quality, from ").append(evidence.championPointsFrom()).append(":\n");
            s.append(table(evidence.championPoints()));
        }
        s.append("```python\n").append(ensureNewline(context.championProgram().source())).append("```\n");
        lineage(s, context);
        if (!evidence.earlier().isEmpty()) {
            s.append("\n## Earlier programs\n");
            for (var p : evidence.earlier()) {
                var r = p.record();
                s.append("### Experiment ").append(r.id()).append(": ").append(p.why()).append('\n');
                s.append(String.format(Locale.ROOT, "%s on champion v%d; BD-rate against that champion %+.2f %%",
                        r.status(), r.championVersion(), r.bdRateVsChampionPercent()));
                if (r.bdRateVsX264Percent() != null) {
                    s.append(String.format(Locale.ROOT, ", against x264 %+.2f %%", r.bdRateVsX264Percent()));
                }
                s.append(". ").append(r.summary().isEmpty() ? "" : "Summary: " + r.summary()).append('\n');
                if (!r.points().isEmpty()) {
                    s.append(table(Map.of("all clips", r.points())));
                }
                String code = p.code();
                if (code.length() > MAX_EARLIER_CODE) {
                    code = code.substring(0, MAX_EARLIER_CODE) + "\n# ... (cut: " + (p.code().length() - MAX_EARLIER_CODE)
                            + " more characters)\n";
                }
                s.append("```python\n").append(ensureNewline(code)).append("```\n");
            }
        }
        s.append("\n## Feedback from recent experiments\n");
        s.append(context.feedback().isBlank() ? "None yet.\n" : ensureNewline(context.feedback()));
        s.append("\n## Your task\n");
        s.append("Propose one program that beats the champion: fewer bits for the same PSNR-Y across the qualities"
                + " (a lower BD-rate), within the contract and the policy. Learn from the feedback above: do not repeat"
                + " a failure, and do not re-send a program that was evaluated already.\n");
        return s.toString();
    }

    /**
     * The program database's choices (issue 16): why this parent and these inspirations, then the parent's code
     * when it is not the champion (edits apply to it) and each inspiration's code.
     */
    private static void lineage(StringBuilder s, ExperimentContext context) {
        var lineage = context.lineage();
        if (lineage.choices().isNone()) {
            return;
        }
        s.append("\n## Search choices\n");
        s.append("- Parent: ").append(choice(lineage.choices().parent())).append('\n');
        lineage.choices().inspirations().forEach(c -> s.append("- Inspiration: ").append(choice(c)).append('\n'));
        if (!context.buildsOnChampion()) {
            s.append("\n## The parent you build on: experiment ").append(lineage.parentExperimentId()).append('\n');
            s.append("Build on this program, not on the champion: SEARCH/REPLACE edits apply to this code.\n");
            s.append("```python\n").append(ensureNewline(lineage.parent().source())).append("```\n");
        }
        if (!lineage.inspirations().isEmpty()) {
            s.append("\n## Inspirations (ideas to borrow; do not send them back unchanged)\n");
            for (var i : lineage.inspirations()) {
                s.append("### Experiment ").append(i.experimentId()).append(": ").append(i.why()).append('\n');
                s.append(String.format(Locale.ROOT, "BD-rate %+.2f %% against %s; %s.%n", i.score(), i.scoreBasis(),
                        i.cell()));
                String code = i.code();
                if (code.length() > MAX_EARLIER_CODE) {
                    code = code.substring(0, MAX_EARLIER_CODE) + "\n# ... (cut: " + (i.code().length() - MAX_EARLIER_CODE)
                            + " more characters)\n";
                }
                s.append("```python\n").append(ensureNewline(code)).append("```\n");
            }
        }
    }

    private static String choice(io.codeclab.orchestrator.experiment.SearchChoices.Choice c) {
        return (c.experimentId().isEmpty() ? "built-in version 0" : "experiment " + c.experimentId()) + " ["
                + c.mode() + "]: " + c.why();
    }

    static String table(Map<String, List<QualityPoint>> points) {
        var s = new StringBuilder("| clip | quality | kbps | bpp | PSNR-Y dB | SSIM-Y | encode fps | decode fps |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        points.forEach((clip, list) -> list.forEach(p -> s.append(String.format(Locale.ROOT,
                "| %s | %d | %.1f | %.4f | %.2f | %.4f | %.1f | %.1f |%n", clip, p.quality(), p.kbps(), p.bpp(),
                p.psnrY(), p.ssimY(), p.encodeFps(), p.decodeFps()))));
        return s.toString();
    }

    private static String ensureNewline(String text) {
        return text.endsWith("\n") ? text : text + "\n";
    }

    private static List<Map.Entry<String, JsonNode>> fields(JsonNode node) {
        var out = new ArrayList<Map.Entry<String, JsonNode>>();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        it.forEachRemaining(out::add);
        return out;
    }

    private static List<String> names(JsonNode node) {
        var out = new ArrayList<String>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static String join(JsonNode array) {
        var out = new ArrayList<String>();
        array.forEach(n -> out.add(n.asText()));
        return String.join(", ", out);
    }
}
