package io.warden.osdp.codec;

/**
 * One OSDP frame, mark byte and check characters excluded.
 *
 * <pre>
 *  [FF] 53  ADDR  LEN_L LEN_H  CTRL  [SCB_LEN SCB_TYPE SCB_DATA..]  CODE  DATA..  [MAC x4]  CKSUM | CRC_L CRC_H
 *  mark SOM                          (CTRL bit 3)                                  (SCB 0x15-0x18)
 * </pre>
 *
 * @param address PD address 0x00-0x7E, or {@link OsdpCodes#BROADCAST}; the reply bit (0x80) is
 *                kept apart in {@code reply}
 * @param reply   true for a PD-to-CP frame
 * @param sqn     sequence number 0-3
 * @param crc     true for a CRC-16 trailer, false for a 1-byte checksum
 * @param scb     the whole security control block (its length byte, type, data), or null
 * @param code    command or reply code
 * @param data    the bytes after the code as they are on the wire (ciphertext under SCS_17/18)
 * @param mac     the 4 MAC bytes when the SCB type is 0x15-0x18, else null
 */
public record OsdpFrame(int address, boolean reply, int sqn, boolean crc, Bytes scb, int code, Bytes data, Bytes mac) {

    public OsdpFrame {
        if (address < 0 || address > 0x7F) throw new IllegalArgumentException("address out of range: " + address);
        if (sqn < 0 || sqn > 3) throw new IllegalArgumentException("sqn out of range: " + sqn);
        if (code < 0 || code > 0xFF) throw new IllegalArgumentException("code out of range: " + code);
        if (scb != null && (scb.length() < 2 || scb.u8(0) != scb.length())) {
            throw new IllegalArgumentException("SCB length byte must equal its size");
        }
        boolean macd = scb != null && OsdpCodes.scbHasMac(scb.u8(1));
        if (mac != null && mac.length() != 4) throw new IllegalArgumentException("MAC must be 4 bytes");
        if (!macd && mac != null) throw new IllegalArgumentException("MAC without SCB type 0x15-0x18");
        data = data == null ? Bytes.EMPTY : data;
    }

    /** A plaintext frame with no security block. */
    public static OsdpFrame plain(int address, boolean reply, int sqn, boolean crc, int code, Bytes data) {
        return new OsdpFrame(address, reply, sqn, crc, null, code, data, null);
    }

    /** The SCB type (0x11-0x18), or -1 when the frame has no SCB. */
    public int scbType() {
        return scb == null ? -1 : scb.u8(1);
    }

    /** True when the frame carries a MAC (SCB type 0x15-0x18). */
    public boolean hasMac() {
        return scb != null && OsdpCodes.scbHasMac(scbType());
    }

    /** The address byte as on the wire (bit 7 set in replies). */
    public int addressByte() {
        return reply ? address | 0x80 : address;
    }

    public OsdpFrame withMac(Bytes newMac) {
        return new OsdpFrame(address, reply, sqn, crc, scb, code, data, newMac);
    }

    public OsdpFrame withSqn(int newSqn) {
        return new OsdpFrame(address, reply, newSqn, crc, scb, code, data, mac);
    }

    public OsdpFrame withCrc(boolean useCrc) {
        return new OsdpFrame(address, reply, sqn, useCrc, scb, code, data, mac);
    }

    /**
     * The header only (address, direction, sequence, check kind, SCB type, code, data length): what
     * logs may show. The data of card and keypad replies, MACs and cryptograms never print.
     */
    @Override
    public String toString() {
        return "OsdpFrame[addr=0x%02X%s sqn=%d %s%s code=0x%02X len=%d]".formatted(address, reply ? " reply" : "", sqn,
                crc ? "crc" : "cksum", scb == null ? "" : " scb=0x%02X".formatted(scbType()), code, data.length());
    }
}
