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
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 5;
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
            System.out.printf("clip %s: %dx%d, %d frames; %d repeats, best time counts%n",
                    clip.getFileName(), ref.width(), ref.height(), frames, repeats);

            // Warm-up so the JIT has compiled the loops before timing.
            for (int i = 0; i < 3; i++) {
                YuvMetrics.compare(ref, dist);
            }
            double javaBest = Double.MAX_VALUE;
            double sink = 0;
            for (int i = 0; i < repeats; i++) {
                long t0 = System.nanoTime();
                sink += YuvMetrics.compare(ref, dist).ssim().all();
                javaBest = Math.min(javaBest, (System.nanoTime() - t0) / 1e9);
            }

            var refRgb = Bt601.toRgb(ref);
            var distRgb = Bt601.toRgb(dist);
            RgbMetrics.compare(refRgb, distRgb);
            double rgbBest = Double.MAX_VALUE;
            for (int i = 0; i < repeats; i++) {
                long t0 = System.nanoTime();
                sink += RgbMetrics.compare(refRgb, distRgb).ssimY();
                rgbBest = Math.min(rgbBest, (System.nanoTime() - t0) / 1e9);
            }

            var filters = new ArrayList<>(List.of(FFMPEG, "-nostdin", "-hide_banner", "-loglevel", "error",
                    "-threads", "1", "-filter_threads", "1", "-filter_complex_threads", "1",
                    "-i", distorted.toString(), "-i", clip.toString()));
            var withMetrics = new ArrayList<>(filters);
            withMetrics.addAll(List.of("-filter_complex", "[1:v]split[r1][r2];[0:v][r1]psnr[p];[p][r2]ssim", "-f", "null", "-"));
            var decodeOnly = new ArrayList<>(filters);
            decodeOnly.addAll(List.of("-filter_complex", "[0:v][1:v]hstack", "-f", "null", "-"));
            double ffBest = Double.MAX_VALUE;
            double ffBase = Double.MAX_VALUE;
            for (int i = 0; i < repeats; i++) {
                ffBest = Math.min(ffBest, timed(withMetrics));
                ffBase = Math.min(ffBase, timed(decodeOnly));
            }
            double ffFilters = Math.max(ffBest - ffBase, 1e-9);

            System.out.printf("Java YuvMetrics PSNR+SSIM (Y,U,V), 1 thread:  %8.1f frames/s (%.3f s)%n", frames / javaBest, javaBest);
            System.out.printf("Java RgbMetrics PSNR-Y/RGB+SSIM-Y, 1 thread:  %8.1f frames/s (%.3f s)%n", frames / rgbBest, rgbBest);
            System.out.printf("ffmpeg psnr+ssim, 1 thread, whole process:    %8.1f frames/s (%.3f s)%n", frames / ffBest, ffBest);
            System.out.printf("ffmpeg psnr+ssim, filters only (minus a run that only reads and stacks the inputs, %.3f s): %8.1f frames/s%n",
                    ffBase, frames / ffFilters);
            System.out.printf("ratio Java/ffmpeg: %.2fx (whole process), %.2fx (filters only)%n",
                    ffBest / javaBest, ffFilters / javaBest);
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

    private static double timed(List<String> command) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        run(command);
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (process.waitFor() != 0) {
            throw new IOException("command failed (" + process.exitValue() + "): " + String.join(" ", command)
                    + "\n" + new String(out, java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
