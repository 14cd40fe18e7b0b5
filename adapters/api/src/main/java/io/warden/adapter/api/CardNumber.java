package io.warden.adapter.api;

/**
 * A decoded card: what the directory stores and matches. Its {@link #id()} is canonical:
 * {@code H10301:40:6789}, {@code C1000:1234:567890}, {@code H10304:1234:56789}, {@code RAW:32:0A1B2C3D}
 * (RAW: the bit count and the bits as upper-case hex, left-justified).
 * STUB: signatures fixed, bodies to be written (issue 9).
 *
 * @param facility the facility (or company) code; 0 for RAW
 * @param number   the card number; 0 for RAW
 * @param rawHex   for RAW the bits as upper-case hex; null otherwise
 * @param bits     the number of bits
 */
public record CardNumber(CardFormat format, long facility, long number, String rawHex, int bits) {

    /** The canonical id, e.g. {@code H10301:40:6789}. */
    public String id() {
        throw new UnsupportedOperationException("stub");
    }

    /** Parses a canonical id (format name case-insensitive); IllegalArgumentException naming what is wrong. */
    public static CardNumber parse(String id) {
        throw new UnsupportedOperationException("stub");
    }

    /** The number a person reads on the card, e.g. {@code 40:6789} or {@code 32-bit 0A1B2C3D}: for the audit trail and people. */
    @Override
    public String toString() {
        throw new UnsupportedOperationException("stub");
    }
}
