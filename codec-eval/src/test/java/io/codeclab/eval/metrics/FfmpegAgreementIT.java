package io.codeclab.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.codeclab.eval.video.Bt601;
import io.codeclab.eval.video.RgbVideo;
import io.codeclab.eval.video.Y4m;
import io.codeclab.eval.video.Y4mVideo;
import io.codeclab.testing.TestClips;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Java metrics against ffmpeg's own {@code psnr} and {@code ssim} filters on real footage encoded by
 * real x264 at a low bitrate (SPEC §5: agreement to 0.01 dB and 0.0001).
 */
class FfmpegAgreementIT {

    private static final String FFMPEG = "/usr/bin/ffmpeg";
    private static final double DB = 0.01;
    private static final double SSIM = 0.0001;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {TestClips.SEARCH_CLIP, TestClips.ADOPTION_CLIP})
    void yuvMetricsAgreeWithFfmpegFilters(String clipName) throws Exception {
        Path reference = TestClips.clip(clipName);
        assertAgreement(reference, x264RoundTrip(reference, "120k"), false);
    }

    /** The other Y4M layouts, made by ffmpeg from the same footage: 4:2:2, 4:4:4 and mono (Cmono). */
    @ParameterizedTest
    @ValueSource(strings = {"yuv422p", "yuv444p", "gray"})
    void yuvMetricsAgreeForOtherSampleLayouts(String pixelFormat) throws Exception {
        Path source = TestClips.clip(TestClips.SEARCH_CLIP);
        Path reference = tmp.resolve("ref-" + pixelFormat + ".y4m");
        Path encoded = tmp.resolve("dist-" + pixelFormat + ".mkv");
        Path distorted = tmp.resolve("dist-" + pixelFormat + ".y4m");
        ffmpeg(List.of("-y", "-i", source.toString(), "-pix_fmt", pixelFormat, "-f", "yuv4mpegpipe", reference.toString()));
        ffmpeg(List.of("-y", "-i", reference.toString(), "-c:v", "libx264", "-b:v", "120k", encoded.toString()));
        ffmpeg(List.of("-y", "-i", encoded.toString(), "-pix_fmt", pixelFormat, "-f", "yuv4mpegpipe", distorted.toString()));
        assertAgreement(reference, distorted, pixelFormat.equals("gray"));
    }

    private void assertAgreement(Path reference, Path distorted, boolean mono) throws Exception {
        var java = YuvMetrics.compare(Y4m.read(reference), Y4m.read(distorted));

        Path psnrStats = tmp.resolve("psnr.log");
        Path ssimStats = tmp.resolve("ssim.log");
        String log = ffmpeg(List.of("-i", distorted.toString(), "-i", reference.toString(), "-lavfi",
                "[0:v]split[d1][d2];[1:v]split[r1][r2];[d1][r1]psnr=stats_file=" + psnrStats + ";[d2][r2]ssim=stats_file=" + ssimStats,
                "-f", "null", "-"));
        var psnr = summary(log, "PSNR");
        var ssim = summary(log, "SSIM");

        assertThat(java.frames()).isEqualTo(24);
        assertThat(psnr.get("y")).isLessThan(40); // a real, lossy encode, not a trivial comparison
        assertThat(java.psnr().y()).isCloseTo(psnr.get("y"), within(DB));
        assertThat(java.psnr().all()).isCloseTo(psnr.get("average"), within(DB));
        assertThat(java.ssim().y()).isCloseTo(ssim.get("Y"), within(SSIM));
        assertThat(java.ssim().all()).isCloseTo(ssim.get("All"), within(SSIM));
        if (mono) {
            assertThat(java.psnr().u()).isNaN();
            assertThat(java.ssim().v()).isNaN();
        } else {
            assertThat(java.psnr().u()).isCloseTo(psnr.get("u"), within(DB));
            assertThat(java.psnr().v()).isCloseTo(psnr.get("v"), within(DB));
            assertThat(java.ssim().u()).isCloseTo(ssim.get("U"), within(SSIM));
            assertThat(java.ssim().v()).isCloseTo(ssim.get("V"), within(SSIM));
        }

        var psnrFrames = stats(psnrStats);
        var ssimFrames = stats(ssimStats);
        assertThat(psnrFrames).hasSize(java.frames());
        assertThat(ssimFrames).hasSize(java.frames());
        for (int i = 0; i < java.frames(); i++) {
            var f = java.perFrame().get(i);
            // ffmpeg writes per-frame PSNR with two decimals: at most 0.005 of rounding, within the tolerance.
            assertThat(f.psnr().y()).isCloseTo(psnrFrames.get(i).get("psnr_y"), within(DB));
            assertThat(f.psnr().all()).isCloseTo(psnrFrames.get(i).get("psnr_avg"), within(DB));
            assertThat(f.ssim().y()).isCloseTo(ssimFrames.get(i).get("Y"), within(SSIM));
            assertThat(f.ssim().all()).isCloseTo(ssimFrames.get(i).get("All"), within(SSIM));
            if (!mono) {
                assertThat(f.psnr().u()).isCloseTo(psnrFrames.get(i).get("psnr_u"), within(DB));
                assertThat(f.psnr().v()).isCloseTo(psnrFrames.get(i).get("psnr_v"), within(DB));
                assertThat(f.ssim().u()).isCloseTo(ssimFrames.get(i).get("U"), within(SSIM));
                assertThat(f.ssim().v()).isCloseTo(ssimFrames.get(i).get("V"), within(SSIM));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {TestClips.SEARCH_CLIP})
    void rgbPsnrAgreesWithFfmpegOnGbrp(String clipName) throws Exception {
        Path reference = TestClips.clip(clipName);
        Path distorted = x264RoundTrip(reference, "120k");
        RgbVideo ref = Bt601.toRgb(Y4m.read(reference));
        RgbVideo dist = Bt601.toRgb(Y4m.read(distorted));
        var java = RgbMetrics.compare(ref, dist);

        Path refRgb = writeRaw(ref, "ref.rgb");
        Path distRgb = writeRaw(dist, "dist.rgb");
        String size = ref.width() + "x" + ref.height();
        String log = ffmpeg(List.of("-f", "rawvideo", "-pix_fmt", "rgb24", "-s", size, "-i", distRgb.toString(),
                "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", size, "-i", refRgb.toString(),
                "-lavfi", "[0:v]format=gbrp[d];[1:v]format=gbrp[r];[d][r]psnr", "-f", "null", "-"));
        assertThat(java.psnrRgb()).isCloseTo(summary(log, "PSNR").get("average"), within(DB));
    }

    /** On grey frames (R = G = B = the clip's Y plane) luma is exactly Y, so PSNR-Y and SSIM-Y must equal ffmpeg's on gray. */
    @ParameterizedTest
    @ValueSource(strings = {TestClips.ADOPTION_CLIP})
    void lumaMetricsAgreeWithFfmpegOnGreyFrames(String clipName) throws Exception {
        Path reference = TestClips.clip(clipName);
        Path distorted = x264RoundTrip(reference, "120k");
        RgbVideo ref = grey(Y4m.read(reference));
        RgbVideo dist = grey(Y4m.read(distorted));
        var java = RgbMetrics.compare(ref, dist);
        String log = ffmpeg(List.of("-i", distorted.toString(), "-i", reference.toString(), "-lavfi",
                "[0:v]extractplanes=y,split[d1][d2];[1:v]extractplanes=y,split[r1][r2];[d1][r1]psnr;[d2][r2]ssim", "-f", "null", "-"));
        assertThat(java.psnrY()).isCloseTo(summary(log, "PSNR").get("y"), within(DB));
        assertThat(java.ssimY()).isCloseTo(summary(log, "SSIM").get("Y"), within(SSIM));
    }

    private static RgbVideo grey(Y4mVideo clip) {
        var frames = new ArrayList<byte[]>();
        for (var f : clip.frames()) {
            byte[] y = f.plane(0);
            byte[] rgb = new byte[y.length * 3];
            for (int i = 0; i < y.length; i++) {
                rgb[3 * i] = y[i];
                rgb[3 * i + 1] = y[i];
                rgb[3 * i + 2] = y[i];
            }
            frames.add(rgb);
        }
        return RgbVideo.of(clip.format(), frames);
    }

    private Path writeRaw(RgbVideo video, String name) throws IOException {
        Path file = tmp.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            video.writePacked(out);
        }
        return file;
    }

    private Path x264RoundTrip(Path reference, String bitrate) throws Exception {
        Path encoded = tmp.resolve("dist.mkv");
        Path decoded = tmp.resolve("dist.y4m");
        ffmpeg(List.of("-y", "-i", reference.toString(), "-c:v", "libx264", "-preset", "medium", "-b:v", bitrate, encoded.toString()));
        ffmpeg(List.of("-y", "-i", encoded.toString(), "-pix_fmt", "yuv420p", "-f", "yuv4mpegpipe", decoded.toString()));
        return decoded;
    }

    /** Runs ffmpeg; returns its log (stderr). */
    private static String ffmpeg(List<String> args) throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of(FFMPEG, "-nostdin", "-hide_banner", "-loglevel", "info"));
        command.addAll(args);
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("ffmpeg %s\n%s", args, out).isZero();
        return out;
    }

    /** Parses "PSNR y:.. u:.. v:.. average:.." or "SSIM Y:.. (..) ... All:.. (..)" from the log. */
    private static Map<String, Double> summary(String log, String filter) {
        var line = log.lines().filter(l -> l.contains("] " + filter + " ")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no " + filter + " summary in ffmpeg output:\n" + log));
        return keyValues(line.substring(line.indexOf("] " + filter + " ") + filter.length() + 3));
    }

    private static List<Map<String, Double>> stats(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).map(FfmpegAgreementIT::keyValues).toList();
    }

    private static final Pattern KEY_VALUE = Pattern.compile("([A-Za-z_]+):(inf|[-0-9.]+)");

    private static Map<String, Double> keyValues(String text) {
        var map = new HashMap<String, Double>();
        Matcher m = KEY_VALUE.matcher(text);
        while (m.find()) {
            map.put(m.group(1), m.group(2).equals("inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(2)));
        }
        return map;
    }
}
