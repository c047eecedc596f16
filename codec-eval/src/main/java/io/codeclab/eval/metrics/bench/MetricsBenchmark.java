package io.codeclab.eval.metrics.bench;

import io.codeclab.eval.metrics.RgbMetrics;
import io.codeclab.eval.metrics.YuvMetrics;
import io.codeclab.eval.video.Bt601;
import io.codeclab.eval.video.Y4m;
import io.codeclab.eval.video.Y4mVideo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Speed of the Java PSNR+SSIM (one thread) against ffmpeg's {@code psnr} and {@code ssim} filters with one
 * thread, on the same frames. Not a test: run it and read the figures.
 *
 * <pre>
 * java -cp codec-eval/target/classes io.codeclab.eval.metrics.bench.MetricsBenchmark [CLIP.y4m] [REPEATS]
 * </pre>
 * The clip defaults to {@code cockatoo-1280x720-30f.y4m} from {@code scripts/fetch-clips} under
 * {@code $CODEC_LAB_DATA_DIR/clips} or {@code ./data/clips}. The distorted clip is the reference encoded with
 * x264 (CRF 32) and decoded, made once in a temporary directory.
 */
public final class MetricsBenchmark {

    private static final String FFMPEG = "/usr/bin/ffmpeg";

    private MetricsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path clip = args.length > 0 ? Path.of(args[0]) : defaultClip();
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        if (!Files.isRegularFile(clip)) {
            System.err.println("clip " + clip + " not found; run scripts/fetch-clips first or pass a Y4M path");
            System.exit(2);
        }
        Path tmp = Files.createTempDirectory("metrics-bench");
        try {
            Path encoded = tmp.resolve("dist.mkv");
            Path distorted = tmp.resolve("dist.y4m");
            run(List.of(FFMPEG, "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", clip.toString(),
                    "-c:v", "libx264", "-preset", "veryfast", "-crf", "32", encoded.toString()));
            run(List.of(FFMPEG, "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", encoded.toString(),
                    "-pix_fmt", "yuv420p", "-f", "yuv4mpegpipe", distorted.toString()));
            Y4mVideo ref = Y4m.read(clip);
            Y4mVideo dist = Y4m.read(distorted);
            int frames = ref.frameCount();
            System.out.printf("clip %s: %dx%d, %d frames, x264-distorted copy; best of %d runs; %d CPUs, load %.1f%n",
                    clip.getFileName(), ref.width(), ref.height(), frames, repeats,
                    Runtime.getRuntime().availableProcessors(),
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

            // Warm-up so the JIT has compiled the loops before timing.
            for (int i = 0; i < 5; i++) {
                YuvMetrics.compare(ref, dist);
            }
            // CPU time of this thread, as ffmpeg's -benchmark reports CPU time: wall time on a shared, loaded
            // machine says more about the neighbours than about the code.
            var cpu = java.lang.management.ManagementFactory.getThreadMXBean();
            double sink = 0;
            double javaCompute = Double.MAX_VALUE;
            double javaWhole = Double.MAX_VALUE;
            double javaComputeWall = Double.MAX_VALUE;
            for (int i = 0; i < repeats; i++) {
                long w0 = System.nanoTime();
                long t0 = cpu.getCurrentThreadCpuTime();
                sink += YuvMetrics.compare(ref, dist).ssim().all();
                long t1 = cpu.getCurrentThreadCpuTime();
                long w1 = System.nanoTime();
                sink += YuvMetrics.compare(Y4m.read(distorted), Y4m.read(clip)).psnr().all();
                long t2 = cpu.getCurrentThreadCpuTime();
                javaCompute = Math.min(javaCompute, (t1 - t0) / 1e9);
                javaComputeWall = Math.min(javaComputeWall, (w1 - w0) / 1e9);
                javaWhole = Math.min(javaWhole, (t2 - t1) / 1e9);
            }

            var refRgb = Bt601.toRgb(ref);
            var distRgb = Bt601.toRgb(dist);
            RgbMetrics.compare(refRgb, distRgb);
            double rgbBest = Double.MAX_VALUE;
            for (int i = 0; i < repeats; i++) {
                long t0 = cpu.getCurrentThreadCpuTime();
                sink += RgbMetrics.compare(refRgb, distRgb).ssimY();
                rgbBest = Math.min(rgbBest, (cpu.getCurrentThreadCpuTime() - t0) / 1e9);
            }

            var common = List.of(FFMPEG, "-nostdin", "-hide_banner", "-benchmark",
                    "-threads", "1", "-filter_threads", "1", "-filter_complex_threads", "1",
                    "-i", distorted.toString(), "-i", clip.toString());
            var withMetrics = new ArrayList<>(common);
            withMetrics.addAll(List.of("-filter_complex", "[1:v]split[r1][r2];[0:v][r1]psnr[p];[p][r2]ssim", "-f", "null", "-"));
            var readOnly = new ArrayList<>(common);
            readOnly.addAll(List.of("-map", "0:v", "-map", "1:v", "-f", "null", "-"));
            double ffCpu = Double.MAX_VALUE;
            double baseCpu = Double.MAX_VALUE;
            for (int i = 0; i < repeats; i++) {
                ffCpu = Math.min(ffCpu, benchCpuSeconds(run(withMetrics)));
                baseCpu = Math.min(baseCpu, benchCpuSeconds(run(readOnly)));
            }
            double ffFilters = Math.max(ffCpu - baseCpu, 1e-6);

            System.out.println("frames/s from CPU time of one thread (ffmpeg: -benchmark utime+stime):");
            System.out.printf("  %-66s %8.1f%n", "Java YuvMetrics PSNR+SSIM of Y,U,V (frames in memory)", frames / javaCompute);
            System.out.printf("  %-66s %8.1f%n", "  same, wall clock", frames / javaComputeWall);
            System.out.printf("  %-66s %8.1f%n", "Java reading both Y4M files + YuvMetrics", frames / javaWhole);
            System.out.printf("  %-66s %8.1f%n", "ffmpeg -filter_complex psnr,ssim, whole transcode loop (reads the files)", frames / ffCpu);
            System.out.printf("  %-66s %8.1f%n", "ffmpeg psnr+ssim filters only (the above minus a read-only run)", frames / ffFilters);
            System.out.printf("  %-66s %8.1f%n", "Java RgbMetrics PSNR-Y, PSNR-RGB, SSIM-Y (frames in memory)", frames / rgbBest);
            System.out.printf("ratio Java/ffmpeg, reading the files and measuring: %.2f%n", ffCpu / javaWhole);
            System.out.printf("ratio Java/ffmpeg, metric kernels only:             %.2f%n", ffFilters / javaCompute);
            if (sink == 42) {
                System.out.println();
            }
        } finally {
            try (var files = Files.walk(tmp)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Path defaultClip() {
        String data = System.getenv("CODEC_LAB_DATA_DIR");
        Path dir = data != null && !data.isBlank() ? Path.of(data, "clips") : Path.of("data", "clips");
        return dir.resolve("cockatoo-1280x720-30f.y4m");
    }

    /** utime + stime from ffmpeg's {@code -benchmark} line ("bench: utime=0.123s stime=0.004s rtime=0.130s"). */
    private static double benchCpuSeconds(String log) {
        var m = java.util.regex.Pattern.compile("bench: utime=([0-9.]+)s stime=([0-9.]+)s").matcher(log);
        if (!m.find()) {
            throw new IllegalStateException("no -benchmark line in ffmpeg output:\n" + log);
        }
        return Double.parseDouble(m.group(1)) + Double.parseDouble(m.group(2));
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException("command failed (" + process.exitValue() + "): " + String.join(" ", command) + "\n" + out);
        }
        return out;
    }
}
