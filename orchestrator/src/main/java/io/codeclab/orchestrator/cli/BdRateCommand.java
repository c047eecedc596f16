package io.codeclab.orchestrator.cli;

import io.codeclab.eval.rd.BdRate;
import io.codeclab.eval.rd.RateCurveCsv;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "bd-rate", mixinStandardHelpOptions = true,
        description = {"BD-rate of TEST against ANCHOR: PCHIP of log10(kbps) over PSNR, integrated exactly over the "
                + "overlapping PSNR range. Negative means TEST needs fewer bits.",
                "Each CSV has the header 'kbps,psnr' and one point a row."})
final class BdRateCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ANCHOR.csv")
    Path anchor;

    @Parameters(index = "1", paramLabel = "TEST.csv")
    Path test;

    @Option(names = "--json", description = "Print bdRatePercent and overlapPercent as JSON.")
    boolean json;

    @Override
    public Integer call() {
        Inputs.requireFile(spec.commandLine(), anchor);
        Inputs.requireFile(spec.commandLine(), test);
        var result = BdRate.compute(RateCurveCsv.read(anchor), RateCurveCsv.read(test));
        String warning = result.lowOverlap() ? String.format(Locale.ROOT,
                "the PSNR ranges overlap by only %.1f %% (under 75 %%): the BD-rate is an extrapolation",
                result.overlapPercent()) : null;
        if (warning != null) {
            System.err.println("codec-lab: warning: " + warning);
        }
        if (json) {
            var m = new LinkedHashMap<String, Object>();
            m.put("bdRatePercent", result.bdRatePercent());
            m.put("overlapPercent", result.overlapPercent());
            m.put("lowOverlap", result.lowOverlap());
            if (warning != null) {
                m.put("warning", warning);
            }
            Output.json(m);
        } else {
            System.out.printf(Locale.ROOT, "BD-rate %+.4f %% (overlap %.1f %%)%n", result.bdRatePercent(),
                    result.overlapPercent());
        }
        return ExitCodes.OK;
    }
}
