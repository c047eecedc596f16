package io.codeclab.orchestrator.clip;

import io.codeclab.eval.Sha256;
import io.codeclab.eval.harness.Clip;
import io.codeclab.eval.video.Bt601;
import io.codeclab.eval.video.Y4m;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Turns clip specs (a local Y4M path or {@code s3://bucket/key}) into RGB clips. S3 clips are fetched once
 * into {@code <cacheDir>} under the SHA-256 of their content; an index file per URI and ETag remembers which.
 * Loaded clips are kept in memory for the process's lifetime (clips are small by design).
 */
public final class ClipLibrary {

    private final Path cacheDir;
    private final S3Client s3;
    private final Map<String, Clip> loaded = new ConcurrentHashMap<>();

    public ClipLibrary(Path cacheDir, S3Client s3) {
        this.cacheDir = cacheDir;
        this.s3 = s3;
    }

    public List<Clip> load(List<String> specs) {
        return specs.stream().map(this::load).toList();
    }

    public Clip load(String spec) {
        return loaded.computeIfAbsent(spec, s -> {
            Path path = s.startsWith("s3://") ? fetch(URI.create(s)) : Path.of(s);
            if (!Files.isRegularFile(path)) {
                throw new ClipException("clip " + s + " does not exist; run scripts/fetch-clips to fetch the "
                        + "default clips, or set CODEC_LAB_SEARCH_CLIPS / CODEC_LAB_ADOPTION_CLIPS to Y4M files");
            }
            String name = s.substring(s.lastIndexOf('/') + 1);
            try {
                return new Clip(name, Bt601.toRgb(Y4m.read(path)));
            } catch (RuntimeException e) {
                throw new ClipException("clip " + s + " is not usable: " + e.getMessage(), e);
            }
        });
    }

    private Path fetch(URI uri) {
        String bucket = uri.getHost();
        String key = uri.getPath().replaceFirst("^/", "");
        if (bucket == null || key.isEmpty()) {
            throw new ClipException("clip URI " + uri + " must look like s3://bucket/key");
        }
        try {
            Files.createDirectories(cacheDir);
            String etag = s3.headObject(b -> b.bucket(bucket).key(key)).eTag().replace("\"", "");
            Path index = cacheDir.resolve(Sha256.hex(uri + "#" + etag) + ".ref");
            if (Files.isRegularFile(index)) {
                Path cached = cacheDir.resolve(Files.readString(index).trim());
                if (Files.isRegularFile(cached)) {
                    return cached;
                }
            }
            Path part = Files.createTempFile(cacheDir, "fetch-", ".part");
            String digest;
            try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(key));
                 var digesting = new DigestInputStream(in, MessageDigest.getInstance("SHA-256"))) {
                Files.copy(digesting, part, StandardCopyOption.REPLACE_EXISTING);
                digest = HexFormat.of().formatHex(digesting.getMessageDigest().digest());
            }
            Path target = cacheDir.resolve(digest + ".y4m");
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(index, target.getFileName().toString());
            return target;
        } catch (IOException | SdkException e) {
            throw new ClipException("cannot fetch clip " + uri + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
