package io.codeclab.orchestrator.embedded;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Objects;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

/**
 * The access key pair of one data directory's embedded stores: drawn at random by the process that starts
 * them, kept only in the owner-only descriptor ({@code embedded.json}, mode 0600, in a 0700 directory), and
 * required by both servers. Whoever cannot read the descriptor cannot use the stores.
 *
 * @param accessKeyId     24 upper-case letters and digits (DynamoDB Local accepts only letters and digits)
 * @param secretAccessKey 40 letters and digits
 */
public record EmbeddedCredentials(String accessKeyId, String secretAccessKey) {

    private static final String UPPER_AND_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String LETTERS_AND_DIGITS = UPPER_AND_DIGITS + "abcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    public EmbeddedCredentials {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        if (!accessKeyId.matches("[A-Za-z0-9]{16,128}") || secretAccessKey.length() < 16) {
            throw new IllegalArgumentException("embedded credentials need an access key id of 16-128 letters and "
                    + "digits and a secret of at least 16 characters");
        }
    }

    /** A fresh pair: about 124 bits in the key id, 238 in the secret. */
    public static EmbeddedCredentials random() {
        return new EmbeddedCredentials(draw(UPPER_AND_DIGITS, 24), draw(LETTERS_AND_DIGITS, 40));
    }

    private static String draw(String alphabet, int length) {
        var sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** Whether {@code candidate} is this access key id; in constant time, so timing tells nothing about it. */
    public boolean isAccessKeyId(String candidate) {
        return candidate != null && MessageDigest.isEqual(accessKeyId.getBytes(StandardCharsets.UTF_8),
                candidate.getBytes(StandardCharsets.UTF_8));
    }

    public AwsBasicCredentials toAws() {
        return AwsBasicCredentials.create(accessKeyId, secretAccessKey);
    }

    /**
     * Prints neither key: descriptors end up in error messages and logs, and DynamoDB Local is guarded by the
     * access key id alone. The first four characters tell two pairs apart.
     */
    @Override
    public String toString() {
        return "EmbeddedCredentials[accessKeyId=" + accessKeyId.substring(0, 4) + "****, secretAccessKey=****]";
    }
}
