package io.codeclab.eval.anchor;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.codeclab.eval.metrics.RgbMetrics;
import io.codeclab.eval.video.RgbVideo;
import io.codeclab.eval.video.VideoFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The x264 anchor: the same RGB frames a codec program gets, encoded by ffmpeg's libx264 at each CRF,
 * decoded, and measured by the same Java code ({@link RgbMetrics}).
 *
 * <p>Per CRF, two ffmpeg runs (the trusted {@code /usr/bin/ffmpeg} on the host, not the sandbox):
 * <ol>
 *   <li>encode: raw {@code rgb24} frames on stdin with explicit size ({@code -s}) and rate ({@code -framerate}),
 *       converted to limited-range BT.601 {@code yuv420p} ({@code scale=out_color_matrix=bt601:out_range=tv},
 *       swscale flags {@code area+accurate_rnd}), {@code libx264 -preset medium -tune psnr -crf N -threads 1},
 *       written as a raw H.264 elementary stream with SEI NAL units removed
 *       ({@code -bsf:v filter_units=remove_types=6}: x264's SEI only carries its option string, about 650
 *       bytes that say nothing about the pictures). Rate = size of that stream, counted by Java.</li>
 *   <li>decode: the stream back to {@code rgb24} on stdout with the inverse conversion
 *       ({@code in_color_matrix=bt601:in_range=tv}, flags {@code bicubic+accurate_rnd+full_chroma_int}: ffmpeg's
 *       default fast path replicates chroma and costs about 6 dB of PSNR-RGB on a round trip).</li>
 * </ol>
 * Frames keep their order and number: {@code -fps_mode passthrough} on both runs (no 25 fps assumption, no
 * duplicated or dropped frames), and the decoded byte count must equal the input's exactly. kbps = bytes x 8
 * / 1000 / (frames / fps).
 *
 * <p>Results are cached per clip content (SHA-256 of format and frames) and settings (preset, tune,
 * threads, conversion, ffmpeg version) as one JSON file in the configured cache directory; CRFs already
 * there are not encoded again.
 */
public final class X264Anchor {

    private static final String ENCODE_SCALE = "scale=out_color_matrix=bt601:out_range=tv:flags=area+accurate_rnd,format=yuv420p";
    private static final String DECODE_SCALE =
            "scale=in_color_matrix=bt601:in_range=tv:flags=bicubic+accurate_rnd+full_chroma_int,format=rgb24";
    private static final int CACHE_FORMAT = 1;

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private final X264AnchorConfig config;

    private X264Anchor(X264AnchorConfig config) {
        this.config = config;
    }

    public static X264Anchor create(X264AnchorConfig config) {
        return new X264Anchor(Objects.requireNonNull(config, "config"));
    }

    public static X264Anchor ofDefaults() {
        return create(X264AnchorConfig.ofDefaults());
    }

    public X264AnchorConfig config() {
        return config;
    }

    /** Encodes, decodes and measures {@code video} at every configured CRF (or takes the points from the cache). */
    public AnchorResult run(RgbVideo video) {
        String clipHash = contentHash(video);
        String settings = settings();
        Map<Integer, AnchorPoint> known = new TreeMap<>();
        Path cacheFile = config.cacheDir().map(dir -> dir.resolve("x264-" + clipHash + "-" + sha256Hex(settings).substring(0, 12) + ".json"))
                .orElse(null);
        if (cacheFile != null) {
            known.putAll(readCache(cacheFile, clipHash, settings));
        }
        boolean computed = false;
        var points = new ArrayList<AnchorPoint>();
        for (int crf : config.crfs()) {
            AnchorPoint p = known.get(crf);
            if (p == null) {
                p = encodeAndMeasure(video, crf);
                known.put(crf, p);
                computed = true;
            }
            points.add(p);
        }
        if (cacheFile != null && computed) {
            writeCache(cacheFile, clipHash, settings, known);
        }
        return new AnchorResult(clipHash, points, !computed);
    }

    private AnchorPoint encodeAndMeasure(RgbVideo video, int crf) {
        VideoFormat f = video.format();
        String size = f.width() + "x" + f.height();
        String rate = f.fpsNumerator() + "/" + f.fpsDenominator();
        String ffmpeg = config.ffmpeg().toString();
        Path tmp;
        try {
            tmp = Files.createTempDirectory("x264-anchor");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the x264 anchor", e);
        }
        try {
            Path stream = tmp.resolve("anchor.h264");
            FfmpegProcess.run(List.of(ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                    "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", size, "-framerate", rate, "-i", "pipe:0",
                    "-vf", ENCODE_SCALE,
                    "-c:v", "libx264", "-preset", config.preset(), "-tune", config.tune(), "-crf", Integer.toString(crf),
                    "-threads", Integer.toString(config.threads()),
                    "-bsf:v", "filter_units=remove_types=6", "-fps_mode", "passthrough",
                    "-f", "h264", stream.toString()), video::writePacked, config.timeout());
            long bytes = Files.size(stream);
            byte[] decoded = FfmpegProcess.run(List.of(ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error",
                    "-f", "h264", "-framerate", rate, "-i", stream.toString(),
                    "-vf", DECODE_SCALE, "-fps_mode", "passthrough",
                    "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"), null, config.timeout());
            if (decoded.length != video.rawBytes()) {
                throw new AnchorException(String.format("x264 anchor at CRF %d decoded to %d bytes, expected %d (%d frames of %s):"
                                + " ffmpeg dropped or duplicated frames", crf, decoded.length, video.rawBytes(),
                        video.frameCount(), size));
            }
            var metrics = RgbMetrics.compare(video, RgbVideo.fromPackedBytes(f, decoded));
            double seconds = video.frameCount() / f.fps();
            double kbps = bytes * 8 / 1000.0 / seconds;
            return new AnchorPoint(crf, bytes, kbps, metrics.psnrY(), metrics.psnrRgb(), metrics.ssimY());
        } catch (IOException e) {
            throw new UncheckedIOException("x264 anchor at CRF " + crf + ": " + e.getMessage(), e);
        } finally {
            deleteTree(tmp);
        }
    }

    /** Everything besides the clip that decides the points; a change makes a new cache file. */
    private String settings() {
        return "format=" + CACHE_FORMAT + " preset=" + config.preset() + " tune=" + config.tune() + " threads=" + config.threads()
                + " encode=" + ENCODE_SCALE + " decode=" + DECODE_SCALE + " sei=removed " + ffmpegVersion();
    }

    private String ffmpegVersion() {
        byte[] out = FfmpegProcess.run(List.of(config.ffmpeg().toString(), "-hide_banner", "-version"), null, config.timeout());
        return new String(out, StandardCharsets.UTF_8).lines().findFirst().orElse("unknown").strip();
    }

    /** SHA-256 over width, height, frame rate, frame count and the frames, hex. */
    public static String contentHash(RgbVideo video) {
        MessageDigest md = sha256();
        var f = video.format();
        md.update(ByteBuffer.allocate(20).putInt(f.width()).putInt(f.height()).putInt(f.fpsNumerator())
                .putInt(f.fpsDenominator()).putInt(video.frameCount()).array());
        for (int i = 0; i < video.frameCount(); i++) {
            md.update(video.frame(i));
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private record CacheFile(int format, String clipSha256, String settings, List<AnchorPoint> points) {
    }

    private static Map<Integer, AnchorPoint> readCache(Path file, String clipHash, String settings) {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            var cache = JSON.readValue(file.toFile(), CacheFile.class);
            if (cache.format() != CACHE_FORMAT || !clipHash.equals(cache.clipSha256()) || !settings.equals(cache.settings())
                    || cache.points() == null) {
                return Map.of();
            }
            var map = new LinkedHashMap<Integer, AnchorPoint>();
            cache.points().forEach(p -> map.put(p.crf(), p));
            return map;
        } catch (IOException e) {
            // A damaged cache entry is recomputed and overwritten, never trusted.
            return Map.of();
        }
    }

    private static void writeCache(Path file, String clipHash, String settings, Map<Integer, AnchorPoint> points) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(),
                    new CacheFile(CACHE_FORMAT, clipHash, settings, List.copyOf(points.values())));
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the x264 anchor cache " + file + ": " + e.getMessage(), e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256", e);
        }
    }

    private static String sha256Hex(String s) {
        return HexFormat.of().formatHex(sha256().digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove temporary directory " + dir, e);
        }
    }
}
