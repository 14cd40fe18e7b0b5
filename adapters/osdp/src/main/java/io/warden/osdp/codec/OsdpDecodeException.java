package io.warden.osdp.codec;

/**
 * A command or reply payload that does not match its code's layout. Carries the NAK error code a
 * PD would answer with (usually {@link OsdpCodes.NakReason#LENGTH}), so a PD simulator can reply without
 * knowing why decoding failed.
 */
public final class OsdpDecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final OsdpCodes.NakReason nak;

    /**
     * @param nak     the NAK error code, e.g. {@link OsdpCodes.NakReason#LENGTH}
     * @param message what is wrong, naming the message and the offending length or field
     */
    public OsdpDecodeException(OsdpCodes.NakReason nak, String message) {
        super(message);
        this.nak = nak;
    }

    /** The NAK error code a PD would send back for this payload. */
    public OsdpCodes.NakReason nak() {
        return nak;
    }
}
