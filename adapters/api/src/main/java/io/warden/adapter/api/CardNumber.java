package io.warden.adapter.api;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * A decoded card: what the directory stores and matches. Its {@link #id()} is canonical:
 * {@code H10301:40:6789}, {@code C1000:1234:567890}, {@code H10304:1234:56789}, {@code RAW:32:0A1B2C3D}
 * (RAW: the bit count and the bits as upper-case hex, left-justified, the unused low bits 0).
 * The constructor accepts only canonical values, so two equal cards have equal records.
 *
 * @param facility the facility (or company) code; 0 for RAW
 * @param number   the card number; 0 for RAW
 * @param rawHex   for RAW the bits as upper-case hex; null otherwise
 * @param bits     the number of bits
 */
public record CardNumber(CardFormat format, long facility, long number, String rawHex, int bits) {

    public CardNumber {
        Objects.requireNonNull(format, "format");
        if (bits < 1) throw new IllegalArgumentException("a card has at least 1 bit, not " + bits);
        if (format != CardFormat.forBits(bits)) {
            throw new IllegalArgumentException("a " + bits + "-bit card is " + CardFormat.forBits(bits) + ", not " + format);
        }
        if (format == CardFormat.RAW) {
            if (facility != 0 || number != 0) throw new IllegalArgumentException("a RAW card has no facility or number");
            checkRawHex(rawHex, bits);
        } else {
            if (rawHex != null) throw new IllegalArgumentException("only a RAW card has raw hex");
            format.checkRange(facility, number);
        }
    }

    /** A card of a length no format decodes; {@code data} holds exactly the bytes the bits need, unused low bits are cleared. */
    static CardNumber raw(int bits, byte[] data) {
        int unused = data.length * 8 - bits;
        data[data.length - 1] &= (byte) (0xFF << unused);
        return new CardNumber(CardFormat.RAW, 0, 0, HexFormat.of().withUpperCase().formatHex(data), bits);
    }

    /** The canonical id, e.g. {@code H10301:40:6789}. */
    public String id() {
        return format == CardFormat.RAW ? "RAW:" + bits + ":" + rawHex : format + ":" + facility + ":" + number;
    }

    /** Parses a canonical id (format name case-insensitive); IllegalArgumentException naming what is wrong. */
    public static CardNumber parse(String id) {
        if (id == null || id.isEmpty()) throw new IllegalArgumentException("card id is empty");
        String[] parts = id.split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("card id '" + id + "' must be FORMAT:FACILITY:NUMBER or RAW:BITS:HEX");
        }
        CardFormat format;
        try {
            format = CardFormat.valueOf(parts[0].toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("card id '" + id + "': unknown format '" + parts[0] + "' (known: H10301, C1000, H10304, RAW)");
        }
        try {
            if (format == CardFormat.RAW) {
                int bits = (int) decimal(parts[1], "bit count", 65_535);
                if (CardFormat.forBits(bits) != CardFormat.RAW) {
                    throw new IllegalArgumentException("a " + bits + "-bit card is " + CardFormat.forBits(bits) + ", not RAW");
                }
                return new CardNumber(format, 0, 0, parts[2].toUpperCase(Locale.ROOT), bits);
            }
            long facility = decimal(parts[1], "facility", format.maxFacility());
            long number = decimal(parts[2], "card number", format.maxNumber());
            return new CardNumber(format, facility, number, null, format.bits());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("card id '" + id + "': " + e.getMessage());
        }
    }

    /** The number a person reads on the card, e.g. {@code 40:6789} or {@code 32-bit 0A1B2C3D}: for the audit trail and people. */
    @Override
    public String toString() {
        return format == CardFormat.RAW ? bits + "-bit " + rawHex : facility + ":" + number;
    }

    private static long decimal(String text, String what, long max) {
        if (text.isEmpty() || text.length() > 12 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(what + " must be a whole number 0-" + max + ", not '" + text + "'");
        }
        long value = Long.parseLong(text);
        if (value > max) throw new IllegalArgumentException(what + " must be 0-" + max + ", not " + value);
        return value;
    }

    private static void checkRawHex(String hex, int bits) {
        int length = CardFormat.byteLength(bits);
        if (hex == null || hex.length() != length * 2) {
            throw new IllegalArgumentException(bits + " bits take " + length * 2 + " hex digits, not " + (hex == null ? 0 : hex.length()));
        }
        if (!hex.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'A' && c <= 'F')) {
            throw new IllegalArgumentException("'" + hex + "' is not hex (digits 0-9, A-F)");
        }
        int unused = length * 8 - bits;
        int last = Integer.parseInt(hex.substring(hex.length() - 2), 16);
        if ((last & ((1 << unused) - 1)) != 0) {
            throw new IllegalArgumentException("the " + unused + " unused low bits of '" + hex + "' must be 0");
        }
    }
}
