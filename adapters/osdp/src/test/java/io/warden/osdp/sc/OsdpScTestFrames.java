package io.warden.osdp.sc;

import io.warden.osdp.codec.Bytes;
import io.warden.osdp.codec.OsdpCodes;
import io.warden.osdp.codec.OsdpCrc;
import io.warden.osdp.codec.OsdpFrame;
import java.util.Arrays;
import java.util.HexFormat;

/** Test-only: turns captured hex (vectors file notation) into a frame plus its wire bytes. */
final class OsdpScTestFrames {
    private OsdpScTestFrames() {}

    /** A parsed capture: the frame and its bytes SOM..check, mark excluded. */
    record Captured(OsdpFrame frame, Bytes wire) {}

    static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    static Bytes bytes(String spaced) {
        return Bytes.of(hex(spaced));
    }

    static String hex(byte[] b) {
        return HexFormat.of().withUpperCase().withDelimiter(" ").formatHex(b);
    }

    /** Parses one frame; fails loudly on anything the vectors would never contain. */
    static Captured parse(String spaced) {
        byte[] all = hex(spaced);
        byte[] w = (all[0] & 0xFF) == OsdpCodes.MARK ? Arrays.copyOfRange(all, 1, all.length) : all;
        int len = (w[2] & 0xFF) | (w[3] & 0xFF) << 8;
        if (w[0] != OsdpCodes.SOM || len != w.length) throw new IllegalArgumentException("bad SOM or LEN in " + spaced);
        int ctrl = w[4] & 0xFF;
        boolean crc = (ctrl & OsdpCodes.CTRL_CRC) != 0;
        int end = w.length - (crc ? 2 : 1);
        int check = crc ? (w[end] & 0xFF) | (w[end + 1] & 0xFF) << 8 : w[end] & 0xFF;
        if (check != (crc ? OsdpCrc.crc16(w, 0, end) : OsdpCrc.checksum(w, 0, end))) {
            throw new IllegalArgumentException("bad check characters in " + spaced);
        }
        int p = OsdpCodes.HEADER_SIZE;
        byte[] scb = null;
        if ((ctrl & OsdpCodes.CTRL_SCB) != 0) {
            scb = Arrays.copyOfRange(w, p, p + (w[p] & 0xFF));
            p += scb.length;
        }
        int code = w[p++] & 0xFF;
        boolean macd = scb != null && OsdpCodes.scbHasMac(scb[1] & 0xFF);
        int dataEnd = macd ? end - OsdpCodes.MAC_SIZE : end;
        OsdpFrame f = new OsdpFrame(w[1] & 0x7F, (w[1] & 0x80) != 0, ctrl & OsdpCodes.CTRL_SQN_MASK, crc,
                scb == null ? null : Bytes.of(scb), code, Bytes.of(w, p, dataEnd), macd ? Bytes.of(w, dataEnd, end) : null);
        return new Captured(f, Bytes.of(w));
    }
}
