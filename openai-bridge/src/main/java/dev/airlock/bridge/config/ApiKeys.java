package dev.airlock.bridge.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The accepted API keys, compared in constant time: both sides are hashed to SHA-256 first, so
 * neither the length nor a common prefix of a key shows in the timing, and every key is checked.
 * Thread-safe.
 */
public final class ApiKeys {
    private final List<byte[]> digests;

    private ApiKeys(List<byte[]> digests) {
        this.digests = digests;
    }

    /** Creates the check for {@code keys}; empty means authentication is off. */
    public static ApiKeys of(List<String> keys) {
        return new ApiKeys(keys.stream().map(ApiKeys::digest).toList());
    }

    /** Returns whether any key is required. */
    public boolean enabled() {
        return !digests.isEmpty();
    }

    /** Returns whether {@code presented} equals one of the keys. */
    public boolean matches(String presented) {
        if (presented == null) {
            return false;
        }
        byte[] candidate = digest(presented);
        boolean found = false;
        for (byte[] key : digests) {
            found |= MessageDigest.isEqual(key, candidate);
        }
        return found;
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
