package io.warden.adapter.api;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * The card formats Warden decodes, chosen by the number of bits a reader sent. Bit 1 is the first
 * bit on the wire (the most significant bit of the first data byte, see {@link Credential}).
 *
 * <pre>
 * H10301  bit 1 | 2 ......... 9 | 10 ................ 25 | 26
 *         P even  facility (8)    number (16)              P odd
 *         P1 covers bits 2-13, P26 bits 14-25.
 * C1000   bit 1 | 2 | 3 ......... 14 | 15 ............... 34 | 35
 *         P odd  P even company (12)   number (20)             P odd
 *         P2 covers bits 3,4, 6,7, ... 33,34 (two of every three from bit 3); P35 covers
 *         bits 2,3, 5,6, ... 32,33 (two of every three from bit 2); P1 covers bits 2-35.
 * H10304  bit 1 | 2 ............ 17 | 18 .............. 36 | 37
 *         P even  facility (16)       number (19)             P odd
 *         P1 covers bits 2-19, P37 bits 19-36 (bit 19 is in both).
 * </pre>
 *
 * The Corporate 1000 masks are those of the Proxmark3 client's {@code Pack_C1k35s}
 * (RfidResearchGroup/proxmark3, client/src/wiegand_formats.c: even parity over the low word masked
 * with 0xB6DB6DB6 plus the company's top bit, odd parity over 0x6DB6DB6C plus bits 2 and 3,
 * then odd parity over everything); {@code CardFormatTest} checks that the masks built here equal them.
 */
public enum CardFormat {
    /** HID H10301, 26 bits: even parity over bits 2-13, 8-bit facility code, 16-bit card number, odd parity over bits 14-25. */
    H10301(26, 255, 65_535),
    /** HID Corporate 1000, 35 bits: 12-bit company id, 20-bit card number, three parity bits. */
    C1000(35, 4_095, 1_048_575),
    /** HID H10304, 37 bits: even parity, 16-bit facility code, 19-bit card number, odd parity. */
    H10304(37, 65_535, 524_287),
    /** Any other length: the bits as read, no parity, no facility or number. */
    RAW(0, 0, 0);

    private final int bits;
    private final long maxFacility;
    private final long maxNumber;

    CardFormat(int bits, long maxFacility, long maxNumber) {
        this.bits = bits;
        this.maxFacility = maxFacility;
        this.maxNumber = maxNumber;
    }

    /** The number of bits of this format; 0 for RAW (any). */
    public int bits() {
        return bits;
    }

    public long maxFacility() {
        return maxFacility;
    }

    public long maxNumber() {
        return maxNumber;
    }

    /** The format a card of this many bits is read as: 26 is H10301, 35 C1000, 37 H10304, anything else RAW. */
    public static CardFormat forBits(int bits) {
        switch (bits) {
            case 26: return H10301;
            case 35: return C1000;
            case 37: return H10304;
            default: return RAW;
        }
    }

    /**
     * Decodes a card read in the format its bit count selects.
     *
     * @throws CardFormatException when a parity bit is wrong (the message names the format and the parity)
     * @throws IllegalArgumentException for a PIN, or data shorter than the bit count says
     */
    public static CardNumber decode(Credential card) throws CardFormatException {
        if (card.kind() != Credential.Kind.CARD) throw new IllegalArgumentException("a PIN is not a card");
        if (card.bits() < 1) throw new IllegalArgumentException("a card read has at least 1 bit, not " + card.bits());
        byte[] data;
        try {
            data = HexFormat.of().parseHex(card.value());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("card data is not hex: " + e.getMessage());
        }
        int length = byteLength(card.bits());
        if (data.length < length) {
            throw new IllegalArgumentException(card.bits() + "-bit card needs " + length + " data bytes, got " + data.length);
        }
        CardFormat format = forBits(card.bits());
        if (format == RAW) return CardNumber.raw(card.bits(), Arrays.copyOf(data, length));
        long value = 0;
        for (int i = 0; i < length; i++) value = value << 8 | (data[i] & 0xFF);
        value >>>= length * 8 - format.bits;
        Layout layout = format.layout();
        for (Parity p : layout.parities()) {
            int ones = Long.bitCount(value & p.mask()) + (int) (value >>> p.valueBit() & 1);
            if ((ones % 2 == 1) != p.odd()) {
                throw new CardFormatException(format, format + ": " + p.describe() + " is wrong");
            }
        }
        return new CardNumber(format, layout.facility().get(value), layout.number().get(value), null, format.bits);
    }

    /**
     * The card's bits with correct parity, left-justified in whole bytes as a reader sends them (for
     * simulators and tests).
     *
     * @throws IllegalArgumentException for RAW, or a facility or number out of range
     */
    public byte[] encode(long facility, long number) {
        if (this == RAW) throw new IllegalArgumentException("RAW cards have no facility or number to encode");
        checkRange(facility, number);
        Layout layout = layout();
        long value = layout.facility().put(0, facility);
        value = layout.number().put(value, number);
        for (Parity p : layout.parities()) {
            boolean onesOdd = Long.bitCount(value & p.mask()) % 2 == 1;
            if (onesOdd != p.odd()) value |= 1L << p.valueBit();
        }
        int length = byteLength(bits);
        value <<= length * 8 - bits;
        byte[] out = new byte[length];
        for (int i = length - 1; i >= 0; i--) {
            out[i] = (byte) value;
            value >>>= 8;
        }
        return out;
    }

    /** Throws IllegalArgumentException naming the field when facility or number is out of this format's range. */
    void checkRange(long facility, long number) {
        if (facility < 0 || facility > maxFacility) {
            throw new IllegalArgumentException(this + " facility must be 0-" + maxFacility + ", not " + facility);
        }
        if (number < 0 || number > maxNumber) {
            throw new IllegalArgumentException(this + " card number must be 0-" + maxNumber + ", not " + number);
        }
    }

    static int byteLength(int bits) {
        return (bits + 7) / 8;
    }

    /** The mask over a format's value (bit 1 on the wire is its most significant bit) of the wire bits that match. */
    static long wireMask(int bits, int from, int to, IntPredicate which) {
        long mask = 0;
        for (int bit = from; bit <= to; bit++) {
            if (which.test(bit)) mask |= 1L << (bits - bit);
        }
        return mask;
    }

    Layout layout() {
        switch (this) {
            case H10301: return H10301_LAYOUT;
            case C1000: return C1000_LAYOUT;
            case H10304: return H10304_LAYOUT;
            default: throw new IllegalStateException("RAW has no layout");
        }
    }

    /** A field of consecutive wire bits {@code from..from+width-1}. */
    record Field(int bits, int from, int width) {
        private int shift() {
            return bits - (from + width - 1);
        }

        long get(long value) {
            return value >>> shift() & ((1L << width) - 1);
        }

        long put(long value, long field) {
            return value | field << shift();
        }
    }

    /** A parity bit at wire bit {@code wireBit}, over the wire bits in {@code mask}; computed in list order. */
    record Parity(int bits, int wireBit, boolean odd, long mask, String over) {
        int valueBit() {
            return bits - wireBit;
        }

        String describe() {
            return (odd ? "odd" : "even") + " parity bit " + wireBit + " (over bits " + over + ")";
        }
    }

    record Layout(Field facility, Field number, List<Parity> parities) {}

    private static final Layout H10301_LAYOUT = new Layout(new Field(26, 2, 8), new Field(26, 10, 16), List.of(
            new Parity(26, 1, false, wireMask(26, 2, 13, b -> true), "2-13"),
            new Parity(26, 26, true, wireMask(26, 14, 25, b -> true), "14-25")));

    /** Bit 1 covers bit 2 and bit 35, so it is computed last. */
    private static final Layout C1000_LAYOUT = new Layout(new Field(35, 3, 12), new Field(35, 15, 20), List.of(
            new Parity(35, 2, false, wireMask(35, 3, 34, b -> b % 3 != 2), "3,4,6,7,...,33,34"),
            new Parity(35, 35, true, wireMask(35, 2, 33, b -> b % 3 != 1), "2,3,5,6,...,32,33"),
            new Parity(35, 1, true, wireMask(35, 2, 35, b -> true), "2-35")));

    private static final Layout H10304_LAYOUT = new Layout(new Field(37, 2, 16), new Field(37, 18, 19), List.of(
            new Parity(37, 1, false, wireMask(37, 2, 19, b -> true), "2-19"),
            new Parity(37, 37, true, wireMask(37, 19, 36, b -> true), "19-36")));
}
