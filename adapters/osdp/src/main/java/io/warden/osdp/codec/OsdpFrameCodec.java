package io.warden.osdp.codec;

/**
 * Writes frames to wire bytes. Reading is {@link OsdpFramer}'s job.
 *
 * <p>LEN counts SOM through the last check byte, the MAC included and the mark excluded. The MAC
 * covers SOM through the end of the data with LEN already final, so {@link #macInput} lays out the
 * header exactly as {@link #encode} will.
 */
public final class OsdpFrameCodec {
    private OsdpFrameCodec() {}

    /** Total frame length (LEN) of {@code f}, mark excluded. */
    public static int length(OsdpFrame f) {
        return OsdpCodes.HEADER_SIZE + (f.scb() == null ? 0 : f.scb().length()) + 1 + f.data().length()
                + (f.hasMac() ? OsdpCodes.MAC_SIZE : 0) + (f.crc() ? 2 : 1);
    }

    /** The bytes the MAC is computed over: SOM through the last data byte, LEN final. */
    public static byte[] macInput(OsdpFrame f) {
        int n = OsdpCodes.HEADER_SIZE + (f.scb() == null ? 0 : f.scb().length()) + 1 + f.data().length();
        byte[] out = new byte[n];
        writeBody(f, out, 0);
        return out;
    }

    /**
     * The frame as sent on the wire: optional 0xFF mark, body, MAC when the SCB asks for one, and
     * the check characters.
     *
     * @throws IllegalArgumentException when the SCB asks for a MAC and {@code f.mac()} is null
     */
    public static byte[] encode(OsdpFrame f, boolean mark) {
        if (f.hasMac() && f.mac() == null) throw new IllegalArgumentException("frame needs a MAC before encoding: " + f);
        int len = length(f);
        int off = mark ? 1 : 0;
        byte[] out = new byte[off + len];
        if (mark) out[0] = (byte) OsdpCodes.MARK;
        int p = writeBody(f, out, off);
        if (f.mac() != null) {
            p = f.mac().copyTo(out, p);
        }
        if (f.crc()) {
            int crc = OsdpCrc.crc16(out, off, p - off);
            out[p] = (byte) crc;
            out[p + 1] = (byte) (crc >>> 8);
        } else {
            out[p] = (byte) OsdpCrc.checksum(out, off, p - off);
        }
        return out;
    }

    private static int writeBody(OsdpFrame f, byte[] out, int p) {
        int len = length(f);
        out[p++] = (byte) OsdpCodes.SOM;
        out[p++] = (byte) f.addressByte();
        out[p++] = (byte) len;
        out[p++] = (byte) (len >>> 8);
        out[p++] = (byte) (f.sqn() | (f.crc() ? OsdpCodes.CTRL_CRC : 0) | (f.scb() != null ? OsdpCodes.CTRL_SCB : 0));
        if (f.scb() != null) {
            p = f.scb().copyTo(out, p);
        }
        out[p++] = (byte) f.code();
        return f.data().copyTo(out, p);
    }
}
