package io.warden.adapter.onvif.rtsp;

import io.vertx.core.buffer.Buffer;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.time.Instant;

/**
 * The ONVIF replay RTP header extension (Streaming spec, "RTP header extension", profile 0xABAC), on
 * the first packet of every access unit of a replay.
 *
 * <pre>
 * | 0xABAC                          | length = 3 (words; more when a JPEG extension follows)   |
 * | NTP seconds since 1900 (32)                                                                |
 * | NTP fraction of a second (32)                                                              |
 * |C|E|D|T|0 0 0 0| CSeq low 8 bits |  padding (16, zero)                                      |
 * </pre>
 *
 * @param time          capture time (the recording's wallclock)
 * @param cleanPoint    C: a keyframe, decoding may start here
 * @param endOfSection  E: the last unit before a gap, or of the available footage
 * @param discontinuity D: the first unit after a jump ({@code Immediate: yes}, or reverse play)
 * @param terminal      T: no more data for this track
 * @param cseq          the low 8 bits of the CSeq of the PLAY this data answers
 */
public record OnvifReplayExtension(Instant time, boolean cleanPoint, boolean endOfSection, boolean discontinuity,
                                   boolean terminal, int cseq) {
    public static final int PROFILE = 0xABAC;
    /** Seconds from 1900-01-01 (NTP era 0) to 1970-01-01. */
    static final long NTP_UNIX_OFFSET = 2_208_988_800L;

    /**
     * The extension carried by {@code ext}; null when {@code ext} is null or another profile's.
     *
     * @throws WardenException {@link ErrorCode#PROTOCOL_ERROR} when it is 0xABAC but shorter than 3 words
     */
    public static OnvifReplayExtension from(RtpPacket.Extension ext) {
        if (ext == null || ext.profile() != PROFILE) return null;
        Buffer d = ext.data();
        if (d.length() < 12) throw new WardenException(ErrorCode.PROTOCOL_ERROR,
                "RTP: ONVIF replay extension of " + d.length() / 4 + " words, expected at least 3");
        int flags = d.getUnsignedByte(8);
        return new OnvifReplayExtension(fromNtp(d.getUnsignedInt(0), d.getUnsignedInt(4)),
                (flags & 0x80) != 0, (flags & 0x40) != 0, (flags & 0x20) != 0, (flags & 0x10) != 0, d.getUnsignedByte(9));
    }

    /** As an RTP header extension of exactly 3 words. */
    public RtpPacket.Extension toExtension() {
        long unix = time.getEpochSecond();
        long fraction = (((long) time.getNano()) << 32) / 1_000_000_000L;
        Buffer d = Buffer.buffer(12);
        d.appendUnsignedInt((unix + NTP_UNIX_OFFSET) & 0xffffffffL);
        d.appendUnsignedInt(fraction & 0xffffffffL);
        d.appendByte((byte) ((cleanPoint ? 0x80 : 0) | (endOfSection ? 0x40 : 0) | (discontinuity ? 0x20 : 0) | (terminal ? 0x10 : 0)));
        d.appendByte((byte) cseq);
        d.appendUnsignedShort(0);
        return new RtpPacket.Extension(PROFILE, d);
    }

    /** NTP seconds (unsigned 32) + fraction to an instant; seconds below 2^31 are read as era 1 (from 2036). */
    static Instant fromNtp(long seconds, long fraction) {
        long s = seconds < 0x8000_0000L ? seconds + 0x1_0000_0000L : seconds;
        long nanos = (fraction * 1_000_000_000L + (1L << 31)) >>> 32;
        return Instant.ofEpochSecond(s - NTP_UNIX_OFFSET, nanos);
    }
}
