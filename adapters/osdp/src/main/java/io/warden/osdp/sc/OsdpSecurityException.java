package io.warden.osdp.sc;

import java.util.Objects;

/**
 * A secure-channel failure: the handshake could not be completed, or a frame inside a session
 * failed its MAC, padding or SCB checks. Every such failure ends the session (osdp.md §12); the
 * caller restarts it with osdp_CHLNG at SQN 0.
 *
 * <p>Messages name what was wrong, never key bytes, cryptograms or MACs.
 */
public final class OsdpSecurityException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the secure channel refused a frame or a handshake step. */
    public enum Reason {
        /** The 4 MAC bytes on the wire do not match the chain. */
        MAC_MISMATCH,
        /** Decrypted data does not end in 0x80 00.. padding. */
        BAD_PADDING,
        /** A field has the wrong size (ciphertext not a multiple of 16, short cryptogram...). */
        BAD_LENGTH,
        /** The client or server cryptogram does not match: the two sides use different keys. */
        CRYPTOGRAM_MISMATCH,
        /** R-MAC-I does not match, or the PD reported a status other than 0x01. */
        RMAC_I_REJECTED,
        /** The frame's SCB type, or its absence, is not allowed at this point. */
        UNEXPECTED_SCB
    }

    private final Reason reason;

    /**
     * @param reason  the stable category
     * @param message what failed, for logs; must not contain key bytes, cryptograms or MACs
     */
    public OsdpSecurityException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The stable cause category, for mapping to NAK codes or session resets. */
    public Reason reason() {
        return reason;
    }
}
