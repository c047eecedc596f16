package io.codeclab.orchestrator.cli;

import io.codeclab.eval.harness.CodecProgram;
import io.codeclab.eval.protocol.ProgramEvaluation;
import io.codeclab.eval.protocol.StageListener;
import io.codeclab.orchestrator.app.CodecLab;
import io.codeclab.orchestrator.config.CodecLabConfig;
import io.codeclab.orchestrator.experiment.Failure;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate a codec program with the full protocol: policy, smoke, then the clip at every "
                + "quality, the current champion re-scored on the same frames, and the x264 anchor.",
                "Rate and distortion are measured by Java from the decoded frames; nothing the program prints counts."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:SCORED", "1:internal error", "2:usage error", "3:FAILED (the program or the clip was rejected)"})
final class EvalCommand implements Callable<Integer> {

    @ParentCommand
    CodecLabCommand root;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE.py")
    Path file;

    @Option(names = "--clip", required = true, paramLabel = "CLIP.y4m", description = "Y4M clip (path or s3://bucket/key).")
    String clip;

    @Option(names = "--qualities", paramLabel = "Q,Q,...", description = "Qualities 1..10 (default 2,4,6,8).")
    String qualities;

    @Option(names = "--json", description = "Print status, failure, points and BD-rates as JSON.")
    boolean json;

    @Override
    public Integer call() {
        String source = Inputs.readSource(spec.commandLine(), file);
        if (qualities != null) {
            root.override(CodecLabConfig.QUALITIES, qualities);
        }
        try (var lab = CodecLab.open(root.config())) {
            var report = lab.evaluationService().evaluate(new CodecProgram(source), clip, StageListener.NONE);
            var result = report.evaluation();
            var m = new LinkedHashMap<String, Object>();
            m.put("clip", report.clip());
            m.put("championVersion", report.championVersion());
            if (result instanceof ProgramEvaluation.Scored s) {
                m.put("status", "SCORED");
                m.put("points", s.headlinePoints());
                m.put("bdRateVsX264Percent", finiteOrNull(s.bdRateVsX264Percent()));
                m.put("bdRateVsChampionPercent", finiteOrNull(s.bdRateVsChampionPercent()));
                m.put("championPoints", s.champion().get(0).points());
                m.put("notes", s.notes());
            } else {
                m.put("status", "FAILED");
                m.put("failure", Failure.from(((ProgramEvaluation.Failed) result).failure()));
            }
            m.put("violations", result.verdict().violations());
            if (json) {
                Output.json(m);
            } else {
                printText(m);
            }
            return report.scored() ? ExitCodes.OK : ExitCodes.REJECTED;
        }
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    @SuppressWarnings("unchecked")
    private static void printText(Map<String, Object> m) {
        System.out.println(m.get("status") + " on " + m.get("clip") + " (champion v" + m.get("championVersion") + ")");
        if (m.containsKey("failure")) {
            var f = (Failure) m.get("failure");
            System.out.println("failure [" + f.stage() + "] " + f.kind() + ": " + f.message());
            if (!f.tracebackTail().isEmpty()) {
                System.out.println(f.tracebackTail());
            }
            return;
        }
        System.out.printf("%-7s %10s %10s %8s %8s %9s %8s %9s %9s%n", "quality", "bytes", "kbps", "psnrY", "psnrRgb",
                "ssimY", "bpp", "enc fps", "dec fps");
        for (var p : (List<io.codeclab.eval.harness.QualityPoint>) m.get("points")) {
            System.out.printf(Locale.ROOT, "%-7d %10d %10.1f %8.2f %8.2f %9.4f %8.4f %9.2f %9.2f%n", p.quality(),
                    p.bytes(), p.kbps(), p.psnrY(), p.psnrRgb(), p.ssimY(), p.bpp(), p.encodeFps(), p.decodeFps());
        }
        System.out.println("BD-rate vs champion: " + format(m.get("bdRateVsChampionPercent")));
        System.out.println("BD-rate vs x264:     " + format(m.get("bdRateVsX264Percent")));
        ((List<String>) m.get("notes")).forEach(n -> System.out.println("note: " + n));
    }

    private static String format(Object v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%+.2f %%", (Double) v);
    }
}
