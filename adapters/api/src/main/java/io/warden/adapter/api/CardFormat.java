package io.warden.adapter.api;

/**
 * The card formats Warden decodes, chosen by the number of bits a reader sent. Bit 1 is the first
 * bit on the wire (the most significant bit of the first data byte, see {@link Credential}).
 * STUB: signatures fixed, bodies to be written (issue 9).
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
        throw new UnsupportedOperationException("stub");
    }

    /**
     * Decodes a card read in the format its bit count selects.
     *
     * @throws CardFormatException when a parity bit is wrong (the message names the format and the parity)
     * @throws IllegalArgumentException for a PIN, or data shorter than the bit count says
     */
    public static CardNumber decode(Credential card) throws CardFormatException {
        throw new UnsupportedOperationException("stub");
    }

    /**
     * The card's bits with correct parity, left-justified in whole bytes as a reader sends them (for
     * simulators and tests).
     *
     * @throws IllegalArgumentException for RAW, or a facility or number out of range
     */
    public byte[] encode(long facility, long number) {
        throw new UnsupportedOperationException("stub");
    }
}
