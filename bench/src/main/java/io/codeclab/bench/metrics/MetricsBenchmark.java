package io.codeclab.bench.metrics;

import io.codeclab.eval.metrics.Ssim;
import io.codeclab.eval.metrics.YuvMetrics;
import io.codeclab.eval.video.Y4m;
import io.codeclab.eval.video.Y4mVideo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Speed of the Java PSNR+SSIM of all three planes (one thread) against ffmpeg's {@code psnr} and {@code ssim}
 * filters (one thread) on the same frames, measured in one run and reported as a ratio.
 *
 * <p>The distorted clip is the reference encoded by x264 (CRF 32) and decoded. Each side processes the clip
 * {@code loops} times over, so that a run takes about a second and
 * process start-up and timer resolution do not matter; each figure is the best of {@code runs} runs. All
 * times are CPU times, which on a shared machine say more about the code than wall time does:
 * <ul>
 *   <li>kernels: Java's thread CPU time for {@link YuvMetrics#compare} on frames in memory, against the CPU
 *       time of ffmpeg's filter graph replaying the frames from memory ({@code loop} filter) minus that of the
 *       same graph without the two filters, each the best of its runs;</li>
 *   <li>end to end: the JVM's process CPU time (garbage collection included) to read both Y4M files and
 *       measure, against ffmpeg's user+system time for the whole {@code psnr,ssim} run.</li>
 * </ul>
 * As a cross-check the report carries both sides' SSIM "All" value: they must agree.
 */
public final class MetricsBenchmark {

    private static final Pattern BENCH = Pattern.compile("bench: utime=([0-9.]+)s stime=([0-9.]+)s");
    private static final Pattern SSIM_ALL = Pattern.compile("SSIM Y:.* All:([0-9.]+)");
    private static final int WARM_UP_PASSES = 5;

    private MetricsBenchmark() {
    }

    /** What to measure. Build with {@link #onClip(Path)}. */
    public record Options(Path clip, int loops, int runs, Path ffmpeg) {
        public Options {
            if (loops < 1 || runs < 1) {
                throw new IllegalArgumentException("loops and runs must be at least 1 (were " + loops + ", " + runs + ")");
            }
        }

        /** 20 loops of the clip, best of 5 runs, Debian's {@code /usr/bin/ffmpeg}. */
        public static Options onClip(Path clip) {
            return new Options(clip, 20, 5, Path.of("/usr/bin/ffmpeg"));
        }

        public Options withLoops(int loops) {
            return new Options(clip, loops, runs, ffmpeg);
        }

        public Options withRuns(int runs) {
            return new Options(clip, loops, runs, ffmpeg);
        }
    }

    /** Frames per second of CPU time, and the figures that make them comparable. */
    public record Report(String clip, int width, int height, int framesPerRun, int runs, String javaKernel,
                         String cpu, double loadAverage,
                         double javaKernelFps, double ffmpegFiltersFps, double ffmpegFiltersUserFps,
                         double javaEndToEndFps, double ffmpegEndToEndFps,
                         double javaSsimAll, double ffmpegSsimAll) {

        public double kernelRatio() {
            return javaKernelFps / ffmpegFiltersFps;
        }

        public double endToEndRatio() {
            return javaEndToEndFps / ffmpegEndToEndFps;
        }

        public String toText() {
            var s = new StringBuilder();
            s.append(String.format(Locale.ROOT, "clip %s: %dx%d, %d frames per run (x264-distorted copy), best of %d runs%n",
                    clip, width, height, framesPerRun, runs));
            s.append(String.format(Locale.ROOT, "cpu %s, load average %.2f; Java kernel: %s%n", cpu, loadAverage, javaKernel));
            s.append(String.format(Locale.ROOT, "frames/s of CPU time, one thread, PSNR+SSIM of Y, U and V:%n"));
            s.append(row("Java YuvMetrics, frames in memory", javaKernelFps));
            s.append(row("ffmpeg psnr+ssim filters, frames in memory (loop filter; minus baseline)", ffmpegFiltersFps));
            s.append(row("  same, user CPU time only (without the system time the filters cause)", ffmpegFiltersUserFps));
            s.append(row("Java reading both Y4M files and measuring (process CPU, GC included)", javaEndToEndFps));
            s.append(row("ffmpeg psnr,ssim reading both files (-stream_loop; user+system)", ffmpegEndToEndFps));
            s.append(String.format(Locale.ROOT, "ratio Java/ffmpeg, kernels:     %.2f (%.2f against user time only)%n",
                    kernelRatio(), javaKernelFps / ffmpegFiltersUserFps));
            s.append(String.format(Locale.ROOT, "ratio Java/ffmpeg, end to end:  %.2f%n", endToEndRatio()));
            s.append(String.format(Locale.ROOT, "cross-check SSIM All: Java %.6f, ffmpeg %.6f%n", javaSsimAll, ffmpegSsimAll));
            return s.toString();
        }

        private static String row(String label, double fps) {
            return String.format(Locale.ROOT, "  %-72s %8.1f%n", label, fps);
        }
    }

    /**
     * {@code MetricsBenchmark [CLIP.y4m] [--loops 20] [--runs 5]}; the clip defaults to
     * {@code cockatoo-1280x720-30f.y4m} under {@code $CODEC_LAB_DATA_DIR/clips} (see {@code scripts/fetch-clips}).
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        Path clip = null;
        int loops = 20;
        int runs = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--loops" -> loops = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                default -> clip = Path.of(args[i]);
            }
        }
        var options = Options.onClip(clip != null ? clip : defaultClip()).withLoops(loops).withRuns(runs);
        System.out.print(run(options).toText());
    }

    /** The clip that {@code scripts/fetch-clips} puts under {@code $CODEC_LAB_DATA_DIR/clips} (or {@code ./data/clips}). */
    public static Path defaultClip() {
        String data = System.getenv("CODEC_LAB_DATA_DIR");
        Path dir = data != null && !data.isBlank() ? Path.of(data, "clips") : Path.of("data", "clips");
        return dir.resolve("cockatoo-1280x720-30f.y4m");
    }

    public static Report run(Options options) throws IOException, InterruptedException {
        if (!Files.isRegularFile(options.clip())) {
            throw new IOException("clip " + options.clip() + " not found; run scripts/fetch-clips or pass a Y4M path");
        }
        Path tmp = Files.createTempDirectory("metrics-bench");
        try {
            Path distorted = distort(options, tmp);
            return measure(options, options.clip(), distorted);
        } finally {
            try (var files = Files.walk(tmp)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Path distort(Options options, Path tmp) throws IOException, InterruptedException {
        Path encoded = tmp.resolve("dist.mkv");
        Path distorted = tmp.resolve("dist.y4m");
        String ffmpeg = options.ffmpeg().toString();
        run(List.of(ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", options.clip().toString(),
                "-c:v", "libx264", "-preset", "veryfast", "-crf", "32", encoded.toString()));
        run(List.of(ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", encoded.toString(),
                "-pix_fmt", "yuv420p", "-f", "yuv4mpegpipe", distorted.toString()));
        return distorted;
    }

    private static Report measure(Options options, Path clip, Path distorted) throws IOException, InterruptedException {
        Y4mVideo ref = Y4m.read(clip);
        Y4mVideo dist = Y4m.read(distorted);
        int frames = ref.frameCount() * options.loops();
        double javaSsim = 0;
        for (int i = 0; i < WARM_UP_PASSES; i++) {
            javaSsim = YuvMetrics.compare(ref, dist).ssim().all();
        }
        var threads = ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double sink = 0;
        double javaKernel = Double.MAX_VALUE;
        double javaWhole = Double.MAX_VALUE;
        double ffmpegWhole = Double.MAX_VALUE;
        double ffmpegInMemory = Double.MAX_VALUE;
        double ffmpegBaseline = Double.MAX_VALUE;
        double ffmpegInMemoryUser = Double.MAX_VALUE;
        double ffmpegBaselineUser = Double.MAX_VALUE;
        double ffmpegSsim = Double.NaN;
        // End to end: ffmpeg reads both files loops times over, as a user's command line would.
        var metricsGraph = ffmpegCommand(options, clip, distorted, true, "[1:v]split[r1][r2];[0:v][r1]psnr[p];[p][r2]ssim[o]");
        // Kernels: ffmpeg's loop filter replays the frames from memory, as Java measures frames in memory; the
        // baseline is the same graph without psnr and ssim.
        String replay = "loop=loop=" + (options.loops() - 1) + ":size=" + ref.frameCount();
        var inMemoryGraph = ffmpegCommand(options, clip, distorted, false,
                "[0:v]" + replay + "[d];[1:v]" + replay + ",split[r1][r2];[d][r1]psnr[p];[p][r2]ssim[o]");
        var baselineGraph = ffmpegCommand(options, clip, distorted, false,
                "[0:v]" + replay + "[o];[1:v]" + replay + ",nullsink");
        // The measurements take turns, so that a burst of load from elsewhere hits all of them alike.
        for (int r = 0; r < options.runs(); r++) {
            long t0 = threads.getCurrentThreadCpuTime();
            for (int l = 0; l < options.loops(); l++) {
                sink += YuvMetrics.compare(ref, dist).ssim().all();
            }
            javaKernel = Math.min(javaKernel, (threads.getCurrentThreadCpuTime() - t0) / 1e9);

            long p0 = os.getProcessCpuTime();
            for (int l = 0; l < options.loops(); l++) {
                sink += YuvMetrics.compare(Y4m.read(clip), Y4m.read(distorted)).psnr().all();
            }
            javaWhole = Math.min(javaWhole, (os.getProcessCpuTime() - p0) / 1e9);

            String withFilters = run(metricsGraph);
            ffmpegWhole = Math.min(ffmpegWhole, cpuSeconds(withFilters));
            ffmpegSsim = ssimAll(withFilters);
            String inMemory = run(inMemoryGraph);
            String baseline = run(baselineGraph);
            ffmpegInMemory = Math.min(ffmpegInMemory, cpuSeconds(inMemory));
            ffmpegBaseline = Math.min(ffmpegBaseline, cpuSeconds(baseline));
            ffmpegInMemoryUser = Math.min(ffmpegInMemoryUser, userSeconds(inMemory));
            ffmpegBaselineUser = Math.min(ffmpegBaselineUser, userSeconds(baseline));
            double inMemorySsim = ssimAll(inMemory);
            if (Math.abs(inMemorySsim - ffmpegSsim) > 1e-6) {
                throw new IllegalStateException("ffmpeg's SSIM differs between the file and the in-memory run: "
                        + ffmpegSsim + " vs " + inMemorySsim);
            }
        }
        if (Math.abs(javaSsim - ffmpegSsim) > 1e-4) {
            throw new IllegalStateException("Java and ffmpeg did not measure the same frames: SSIM All " + javaSsim
                    + " vs " + ffmpegSsim);
        }
        double ffmpegFilters = Math.max(ffmpegInMemory - ffmpegBaseline, 1e-3);
        double ffmpegFiltersUser = Math.max(ffmpegInMemoryUser - ffmpegBaselineUser, 1e-3);
        if (sink == 42) {
            System.err.print("");
        }
        return new Report(clip.getFileName().toString(), ref.width(), ref.height(), frames, options.runs(), Ssim.kernel(),
                cpuModel(), os.getSystemLoadAverage(), frames / javaKernel, frames / ffmpegFilters, frames / ffmpegFiltersUser,
                frames / javaWhole, frames / ffmpegWhole, javaSsim, ffmpegSsim);
    }

    private static List<String> ffmpegCommand(Options options, Path clip, Path distorted, boolean rereadFiles,
                                              String graph) {
        var command = new ArrayList<>(List.of(options.ffmpeg().toString(), "-nostdin", "-hide_banner", "-benchmark",
                "-threads", "1", "-filter_threads", "1", "-filter_complex_threads", "1"));
        for (Path input : List.of(distorted, clip)) {
            if (rereadFiles) {
                command.addAll(List.of("-stream_loop", Integer.toString(options.loops() - 1)));
            }
            command.addAll(List.of("-i", input.toString()));
        }
        command.addAll(List.of("-filter_complex", graph, "-map", "[o]", "-f", "null", "-"));
        return command;
    }

    /**
     * User + system seconds from ffmpeg's {@code -benchmark} line. Their sum is exact; Linux splits it between
     * user and system by sampling at timer ticks, so either part alone is noisy.
     */
    private static double cpuSeconds(String log) {
        var m = benchLine(log);
        return Double.parseDouble(m.group(1)) + Double.parseDouble(m.group(2));
    }

    private static double userSeconds(String log) {
        return Double.parseDouble(benchLine(log).group(1));
    }

    private static java.util.regex.Matcher benchLine(String log) {
        var m = BENCH.matcher(log);
        if (!m.find()) {
            throw new IllegalStateException("no -benchmark line in ffmpeg's output:\n" + log);
        }
        return m;
    }

    private static double ssimAll(String log) {
        var m = SSIM_ALL.matcher(log);
        if (!m.find()) {
            throw new IllegalStateException("no SSIM summary in ffmpeg's output:\n" + log);
        }
        return Double.parseDouble(m.group(1));
    }

    private static String cpuModel() {
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            String model = lines.filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
            return model + " x" + Runtime.getRuntime().availableProcessors();
        } catch (IOException | UncheckedIOException e) {
            return "unknown x" + Runtime.getRuntime().availableProcessors();
        }
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException("command failed (" + process.exitValue() + "): " + String.join(" ", command) + "\n" + out);
        }
        return out;
    }
}
