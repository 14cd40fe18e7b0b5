package io.warden.gateway.people;

/**
 * PINs as salted hashes: a PIN is never stored, logged or audited, only this. The hash is slow on
 * purpose (a 4-digit PIN has few values), so {@link #verify} runs off the event loop.
 * STUB: signatures fixed, bodies to be written (issue 9).
 */
public final class PinHash {
    private PinHash() {}

    /** A new salted hash of {@code pin} (4 to 8 digits, else IllegalArgumentException), e.g. {@code pbkdf2-sha256$<iterations>$<salt>$<hash>}. Blocking (tens of ms). */
    public static String hash(String pin) {
        throw new UnsupportedOperationException("stub");
    }

    /** Whether {@code pin} matches {@code hash}; false for a malformed hash. Blocking (tens of ms), constant-time compare. */
    public static boolean verify(String pin, String hash) {
        throw new UnsupportedOperationException("stub");
    }
}
