package io.codeclab.orchestrator.artifact;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * {@link ArtifactStore} on one S3 bucket. Every put asks for server-side encryption (SSE-S3, AES256) so
 * objects are encrypted even where the bucket's default encryption was not set.
 */
public final class S3ArtifactStore implements ArtifactStore {

    private final S3Client client;
    private final String bucket;

    private S3ArtifactStore(S3Client client, String bucket) {
        this.client = Objects.requireNonNull(client, "client");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        if (bucket.isBlank()) {
            throw new IllegalArgumentException("bucket must not be blank");
        }
    }

    public static S3ArtifactStore create(S3Client client, String bucket) {
        return new S3ArtifactStore(client, bucket);
    }

    public String bucket() {
        return bucket;
    }

    @Override
    public void ensureBucket() {
        try {
            client.headBucket(r -> r.bucket(bucket));
            return;
        } catch (NoSuchBucketException e) {
            // create it below
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw failed("HeadBucket", "", e);
            }
        } catch (SdkException e) {
            throw failed("HeadBucket", "", e);
        }
        try {
            var region = client.serviceClientConfiguration().region();
            client.createBucket(r -> {
                r.bucket(bucket);
                // Outside us-east-1, S3 wants the bucket's region spelled out.
                if (region != null && !Region.US_EAST_1.equals(region)) {
                    r.createBucketConfiguration(c -> c.locationConstraint(region.id()));
                }
            });
        } catch (BucketAlreadyOwnedByYouException e) {
            // another process created it first
        } catch (S3Exception e) {
            // s3proxy and some S3-compatible servers answer 409 without the typed exception
            if (e.statusCode() != 409) {
                throw failed("CreateBucket", "", e);
            }
        } catch (SdkException e) {
            throw failed("CreateBucket", "", e);
        }
    }

    @Override
    public String put(String key, byte[] content, String contentType) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(content, "content");
        try {
            client.putObject(r -> r.bucket(bucket).key(key).contentType(contentType)
                    .serverSideEncryption(ServerSideEncryption.AES256), RequestBody.fromBytes(content));
            return key;
        } catch (SdkException e) {
            throw failed("PutObject", key, e);
        }
    }

    @Override
    public Optional<byte[]> get(String key) {
        try {
            return Optional.of(client.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && !(e instanceof NoSuchBucketException)) {
                return Optional.empty();
            }
            throw failed("GetObject", key, e);
        } catch (SdkException e) {
            throw failed("GetObject", key, e);
        }
    }

    @Override
    public List<String> list(String prefix) {
        var keys = new ArrayList<String>();
        try {
            client.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().stream()
                    .map(S3Object::key).forEach(keys::add);
        } catch (SdkException e) {
            throw failed("ListObjectsV2", prefix + "*", e);
        }
        keys.sort(null);
        return keys;
    }

    private ArtifactStoreException failed(String operation, String key, SdkException e) {
        return new ArtifactStoreException("S3 " + operation + " of s3://" + bucket + "/" + key + " failed: "
                + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
}
