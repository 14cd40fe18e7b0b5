package io.warden.adapter.onvif.rtsp;

import io.vertx.core.buffer.Buffer;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.util.Objects;

/**
 * One RTP packet (RFC 3550 §5.1). Pure codec: no I/O.
 *
 * <pre>
 *  0                   1                   2                   3
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * |                           timestamp                           |
 * |                             SSRC                              |
 * |                        CSRC list (CC x 32 bits)               |
 * | extension profile (16)        | extension length (16, words)  |   if X
 * |                 extension data (length x 32 bits)             |   if X
 * |                 payload ...           | padding | pad count   |   if P
 * </pre>
 *
 * @param padding   padding bytes after the payload including the count byte (0: none, P bit clear)
 * @param timestamp 32-bit RTP timestamp, as an unsigned value
 * @param ssrc      32-bit SSRC, as an unsigned value
 * @param csrcs     up to 15 contributing sources, unsigned
 * @param extension the header extension, or null
 */
public record RtpPacket(boolean marker, int payloadType, int sequence, long timestamp, long ssrc, long[] csrcs,
                        Extension extension, Buffer payload, int padding) {

    /** A header extension: a 16-bit profile-defined id and data that is a whole number of 32-bit words. */
    public record Extension(int profile, Buffer data) {
        public Extension {
            if (profile < 0 || profile > 0xffff) throw new IllegalArgumentException("extension profile out of range: " + profile);
            if (data.length() % 4 != 0) throw new IllegalArgumentException("extension data must be whole 32-bit words");
        }
    }

    public RtpPacket {
        Objects.requireNonNull(payload, "payload");
        csrcs = csrcs == null ? new long[0] : csrcs.clone();
        if (csrcs.length > 15) throw new IllegalArgumentException("at most 15 CSRCs");
        if (payloadType < 0 || payloadType > 127) throw new IllegalArgumentException("payload type out of range: " + payloadType);
        if (padding < 0 || padding > 255) throw new IllegalArgumentException("padding out of range: " + padding);
    }

    /** A packet without CSRCs or padding. */
    public static RtpPacket of(boolean marker, int payloadType, int sequence, long timestamp, long ssrc, Extension extension,
                               Buffer payload) {
        return new RtpPacket(marker, payloadType, sequence & 0xffff, timestamp & 0xffffffffL, ssrc & 0xffffffffL, null,
                extension, payload, 0);
    }

    /**
     * Decodes one packet (as carried whole in an interleaved frame or a UDP datagram).
     *
     * @throws WardenException {@link ErrorCode#PROTOCOL_ERROR} naming what is wrong; no other exception escapes
     */
    public static RtpPacket decode(Buffer b) {
        int n = b.length();
        if (n < 12) throw bad("packet of " + n + " bytes is shorter than the 12-byte header");
        int b0 = b.getUnsignedByte(0);
        if ((b0 >> 6) != 2) throw bad("version " + (b0 >> 6) + ", expected 2");
        boolean hasPadding = (b0 & 0x20) != 0;
        boolean hasExtension = (b0 & 0x10) != 0;
        int cc = b0 & 0x0f;
        int b1 = b.getUnsignedByte(1);
        int pos = 12 + 4 * cc;
        if (pos > n) throw bad(cc + " CSRCs do not fit in " + n + " bytes");
        long[] csrcs = new long[cc];
        for (int i = 0; i < cc; i++) csrcs[i] = b.getUnsignedInt(12 + 4 * i);
        Extension ext = null;
        if (hasExtension) {
            if (pos + 4 > n) throw bad("header extension does not fit");
            int profile = b.getUnsignedShort(pos);
            int words = b.getUnsignedShort(pos + 2);
            if (pos + 4 + 4 * words > n) throw bad("header extension of " + words + " words does not fit in " + n + " bytes");
            ext = new Extension(profile, b.getBuffer(pos + 4, pos + 4 + 4 * words));
            pos += 4 + 4 * words;
        }
        int end = n;
        int padding = 0;
        if (hasPadding) {
            padding = b.getUnsignedByte(n - 1);
            if (padding == 0 || pos + padding > n) throw bad("padding count " + padding + " does not fit");
            end = n - padding;
        }
        return new RtpPacket((b1 & 0x80) != 0, b1 & 0x7f, b.getUnsignedShort(2), b.getUnsignedInt(4), b.getUnsignedInt(8),
                csrcs, ext, b.getBuffer(pos, end), padding);
    }

    /** The packet's bytes; padding, when asked for, is zeros ending in the count. */
    public Buffer encode() {
        int size = 12 + 4 * csrcs.length + (extension == null ? 0 : 4 + extension.data().length()) + payload.length() + padding;
        Buffer b = Buffer.buffer(size);
        b.appendByte((byte) (0x80 | (padding > 0 ? 0x20 : 0) | (extension != null ? 0x10 : 0) | csrcs.length));
        b.appendByte((byte) ((marker ? 0x80 : 0) | payloadType));
        b.appendUnsignedShort(sequence & 0xffff);
        b.appendUnsignedInt(timestamp & 0xffffffffL);
        b.appendUnsignedInt(ssrc & 0xffffffffL);
        for (long c : csrcs) b.appendUnsignedInt(c & 0xffffffffL);
        if (extension != null) {
            b.appendUnsignedShort(extension.profile());
            b.appendUnsignedShort(extension.data().length() / 4);
            b.appendBuffer(extension.data());
        }
        b.appendBuffer(payload);
        if (padding > 0) {
            for (int i = 1; i < padding; i++) b.appendByte((byte) 0);
            b.appendByte((byte) padding);
        }
        return b;
    }

    @Override
    public long[] csrcs() {
        return csrcs.clone();
    }

    private static WardenException bad(String what) {
        return new WardenException(ErrorCode.PROTOCOL_ERROR, "RTP: " + what);
    }
}
