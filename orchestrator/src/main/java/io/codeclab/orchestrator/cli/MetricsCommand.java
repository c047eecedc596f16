package io.codeclab.orchestrator.cli;

import io.codeclab.eval.metrics.YuvMetrics;
import io.codeclab.eval.video.Y4m;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = {"PSNR and SSIM between two Y4M clips on their YUV planes, as ffmpeg's psnr and ssim filters "
                + "compute them.", "PSNR per plane is the PSNR of the MSE pooled over all frames; 'all' weights planes "
                + "by pixel count. SSIM is x264's (8x8 windows every 4 pixels), not the Gaussian SSIM of Wang et al."})
final class MetricsCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "REF.y4m")
    Path reference;

    @Parameters(index = "1", paramLabel = "DIST.y4m")
    Path distorted;

    @Option(names = "--json", description = "Print frames, psnr {y,u,v,all}, ssim {y,u,v,all} as JSON.")
    boolean json;

    @Override
    public Integer call() {
        Inputs.requireFile(spec.commandLine(), reference);
        Inputs.requireFile(spec.commandLine(), distorted);
        var result = YuvMetrics.compare(Y4m.read(reference), Y4m.read(distorted));
        if (json) {
            var m = new LinkedHashMap<String, Object>();
            m.put("frames", result.frames());
            m.put("psnr", result.psnr());
            m.put("ssim", result.ssim());
            Output.json(m);
        } else {
            System.out.printf(Locale.ROOT, "frames %d%nPSNR  y:%.4f u:%.4f v:%.4f all:%.4f dB%nSSIM  y:%.6f u:%.6f v:%.6f all:%.6f%n",
                    result.frames(), result.psnr().y(), result.psnr().u(), result.psnr().v(), result.psnr().all(),
                    result.ssim().y(), result.ssim().u(), result.ssim().v(), result.ssim().all());
        }
        return ExitCodes.OK;
    }
}
