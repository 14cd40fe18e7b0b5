package io.warden.gateway.people;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PINs as salted hashes: a PIN is never stored, logged or audited, only this. The hash is slow on
 * purpose (a 4-digit PIN has few values), so {@link #hash} and {@link #verify} run off the event loop.
 *
 * <p>Format: {@code pbkdf2-sha256$<iterations>$<salt>$<hash>}, PBKDF2 with HMAC-SHA256 from the JDK, a
 * 16-byte random salt and a 32-byte hash, both standard Base64. The string names its own iterations, so
 * raising {@link #ITERATIONS} later leaves the hashes already stored verifiable.
 */
public final class PinHash {
    /**
     * 100,000 rounds: about 40 ms per hash or verify on one core of the development machine (JDK 17,
     * two shared cores), slow enough to make guessing from a stolen file costly, quick enough for a
     * card-and-PIN door.
     */
    static final int ITERATIONS = 100_000;
    /** A stored hash asking for more rounds than this is refused: nobody can make a verify take minutes. */
    static final int MAX_ITERATIONS = 10_000_000;
    private static final String SCHEME = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PinHash() {}

    /** A new salted hash of {@code pin} (4 to 8 digits, else IllegalArgumentException), e.g. {@code pbkdf2-sha256$<iterations>$<salt>$<hash>}. Blocking (tens of ms). */
    public static String hash(String pin) {
        return hash(pin, ITERATIONS);
    }

    /** As {@link #hash(String)} with {@code iterations} rounds (tests use few). */
    static String hash(String pin, int iterations) {
        if (!wellFormed(pin)) throw new IllegalArgumentException("a PIN must be 4 to 8 digits");
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder();
        return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(derive(pin, salt, iterations));
    }

    /** Whether {@code pin} matches {@code hash}; false for a malformed hash. Blocking (tens of ms), constant-time compare. */
    public static boolean verify(String pin, String hash) {
        if (pin == null || hash == null) return false;
        String[] parts = hash.split("\\$", -1);
        if (parts.length != 4 || !parts[0].equals(SCHEME)) return false;
        int iterations;
        byte[] salt;
        byte[] expected;
        try {
            iterations = Integer.parseInt(parts[1]);
            salt = Base64.getDecoder().decode(parts[2]);
            expected = Base64.getDecoder().decode(parts[3]);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS || salt.length == 0 || expected.length != HASH_BITS / 8) return false;
        // A malformed PIN is still hashed, so how long a refusal takes says nothing about why.
        byte[] actual = derive(wellFormed(pin) ? pin : "not a pin", salt, iterations);
        return MessageDigest.isEqual(actual, expected) && wellFormed(pin);
    }

    /** 4 to 8 ASCII digits. */
    static boolean wellFormed(String pin) {
        if (pin == null || pin.length() < 4 || pin.length() > 8) return false;
        for (int i = 0; i < pin.length(); i++) {
            char c = pin.charAt(i);
            if (c < '0' || c > '9') return false;
        }
        return true;
    }

    private static byte[] derive(String pin, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(pin.toCharArray(), salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }
}
