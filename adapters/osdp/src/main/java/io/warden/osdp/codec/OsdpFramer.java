package io.warden.osdp.codec;

import java.util.Objects;

/**
 * Incremental OSDP receive state machine: feed it bytes as they arrive, then call {@link #next()}
 * until it answers {@link NeedMore}.
 *
 * <pre>
 *   noise.. [FF] 53 ADDR LEN_L LEN_H CTRL [SCB..] CODE DATA.. [MAC x4] CKSUM | CRC_L CRC_H
 *   skipped mark |&lt;----------------------------- LEN bytes ------------------------------&gt;|
 *
 *   SEEK SOM --5 header bytes--&gt; check LEN --LEN bytes--&gt; check CRC/checksum --&gt; SCB, MAC, code, data
 *      ^                            | bad                     | bad
 *      +----------------------------+-------------------------+  Rejected, rescan from the next 53
 *                                                                 inside the dropped bytes
 * </pre>
 *
 * <p>Bytes before a SOM are skipped silently. Once LEN bytes have arrived and the check character
 * is wrong, the frame is dropped up to the next 0x53 inside it, so a real frame hidden behind a
 * false SOM is still found (libosdp does the same). A frame whose check is valid but which is
 * unusable (wrong direction, malformed SCB) is dropped whole.
 *
 * <p>The internal buffer holds at most {@link #capacity()} = 4 x (maxFrameSize + 1) bytes. A caller
 * that drains {@link #next()} after each feed keeps less than one frame buffered, so feeds of up
 * to 3 x (maxFrameSize + 1) bytes lose nothing; beyond that the oldest bytes are discarded and
 * reported as a {@link Rejected} outcome. Not thread-safe: one framer per receiving link.
 */
public final class OsdpFramer {

    /** Which direction a receiver keeps: commands have ADDR bit 7 clear, replies have it set. */
    public enum Accept { COMMANDS, REPLIES }

    /** The result of one {@link #next()} call. */
    public sealed interface Outcome permits NeedMore, Frame, Rejected {}

    /** No complete frame buffered: feed more bytes. */
    public record NeedMore() implements Outcome {}

    /** The shared {@link NeedMore} instance. */
    public static final NeedMore NEED_MORE = new NeedMore();

    /**
     * A frame whose check character is valid.
     *
     * @param frame  the parsed frame
     * @param wire   the exact bytes from SOM through the last check byte (mark excluded)
     * @param marked true when a 0xFF mark byte came right before the SOM
     */
    public record Frame(OsdpFrame frame, Bytes wire, boolean marked) implements Outcome {}

    /**
     * Bytes that were thrown away.
     *
     * @param reason       what was wrong, in plain words
     * @param droppedBytes how many buffered bytes were discarded, counted from the SOM (a mark byte
     *                     before it is not counted)
     */
    public record Rejected(String reason, int droppedBytes) implements Outcome {}

    private final Accept accept;
    private final int maxFrameSize;
    private final byte[] buf;
    private int start;
    private int end;
    /** The byte discarded just before {@code start}, or -1: tells whether the next SOM was marked. */
    private int prev = -1;
    private long overflow;

    /**
     * @param accept       the direction to keep; frames of the other direction are rejected
     * @param maxFrameSize the largest LEN accepted, 7..65535 (the spec's maximum is 1440)
     * @throws IllegalArgumentException when maxFrameSize is out of range
     */
    public OsdpFramer(Accept accept, int maxFrameSize) {
        this.accept = Objects.requireNonNull(accept, "accept");
        if (maxFrameSize < OsdpCodes.MIN_FRAME || maxFrameSize > 0xFFFF) {
            throw new IllegalArgumentException("maxFrameSize must be 7..65535: " + maxFrameSize);
        }
        this.maxFrameSize = maxFrameSize;
        this.buf = new byte[4 * (maxFrameSize + 1)];
    }

    /**
     * Appends received bytes. Never throws for any content; when the unread input would exceed
     * {@link #capacity()}, the oldest bytes are discarded and the next {@link #next()} reports it.
     *
     * @throws IndexOutOfBoundsException when off/len do not fit in b
     */
    public void feed(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len >= buf.length) {
            int skip = len - buf.length;
            overflow += (end - start) + skip;
            if (skip > 0) prev = b[off + skip - 1] & 0xFF;
            else if (end > start) prev = buf[end - 1] & 0xFF;
            start = end = 0;
            off += skip;
            len = buf.length;
        }
        int free = buf.length - (end - start);
        if (len > free) {
            int drop = len - free;
            prev = buf[start + drop - 1] & 0xFF;
            start += drop;
            overflow += drop;
        }
        if (end + len > buf.length) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        System.arraycopy(b, off, buf, end, len);
        end += len;
    }

    /**
     * Parses the next outcome from the buffered bytes. Call repeatedly until it returns
     * {@link NeedMore}. Never throws.
     */
    public Outcome next() {
        if (overflow > 0) {
            int n = (int) Math.min(overflow, Integer.MAX_VALUE);
            overflow = 0;
            return new Rejected("input overflow: discarded " + n + " oldest bytes (buffer capacity " + buf.length + ")", n);
        }
        skipToSom();
        int avail = end - start;
        if (avail < OsdpCodes.HEADER_SIZE) return NEED_MORE;
        int ctrl = u(start + 4);
        int len = u(start + 2) | u(start + 3) << 8;
        boolean crc = (ctrl & OsdpCodes.CTRL_CRC) != 0;
        int checkLen = crc ? 2 : 1;
        int min = OsdpCodes.HEADER_SIZE + ((ctrl & OsdpCodes.CTRL_SCB) != 0 ? 2 : 0) + 1 + checkLen;
        if (len < min) {
            return rescan(OsdpCodes.HEADER_SIZE, "LEN %d below minimum %d for CTRL 0x%02X".formatted(len, min, ctrl));
        }
        if (len > maxFrameSize) {
            return rescan(OsdpCodes.HEADER_SIZE, "LEN %d above maximum %d".formatted(len, maxFrameSize));
        }
        if (avail < len) return NEED_MORE;

        int covered = len - checkLen;
        if (crc) {
            int got = u(start + covered) | u(start + covered + 1) << 8;
            int computed = OsdpCrc.crc16(buf, start, covered);
            if (got != computed) return rescan(len, "bad CRC: got 0x%04X, computed 0x%04X".formatted(got, computed));
        } else {
            int got = u(start + covered);
            int computed = OsdpCrc.checksum(buf, start, covered);
            if (got != computed) return rescan(len, "bad checksum: got 0x%02X, computed 0x%02X".formatted(got, computed));
        }
        return parse(len, covered, ctrl, crc);
    }

    /** Drops everything buffered, e.g. after an inter-character timeout or when the link closes. */
    public void reset() {
        start = end = 0;
        prev = -1;
        overflow = 0;
    }

    /** Number of bytes currently buffered and not yet consumed. */
    public int buffered() {
        return end - start;
    }

    /** The most bytes this framer ever buffers: 4 x (maxFrameSize + 1). */
    public int capacity() {
        return buf.length;
    }

    private Outcome parse(int len, int covered, int ctrl, boolean crc) {
        int addrByte = u(start + 1);
        boolean reply = (addrByte & OsdpCodes.REPLY_BIT) != 0;
        if (reply != (accept == Accept.REPLIES)) {
            return drop(len, "%s frame (ADDR 0x%02X) on a %s receiver".formatted(reply ? "reply" : "command", addrByte,
                    accept == Accept.REPLIES ? "reply" : "command"));
        }
        int p = start + OsdpCodes.HEADER_SIZE;
        int bodyEnd = start + covered;
        Bytes scb = null;
        if ((ctrl & OsdpCodes.CTRL_SCB) != 0) {
            int scbLen = u(p);
            if (scbLen < 2) return drop(len, "malformed SCB: length byte %d below 2".formatted(scbLen));
            if (p + scbLen + 1 > bodyEnd) {
                return drop(len, "malformed SCB: length %d leaves no room for the code in LEN %d".formatted(scbLen, len));
            }
            scb = Bytes.of(buf, p, p + scbLen);
            p += scbLen;
        }
        Bytes mac = null;
        int dataEnd = bodyEnd;
        if (scb != null && OsdpCodes.scbHasMac(scb.u8(1))) {
            if (p + 1 + OsdpCodes.MAC_SIZE > bodyEnd) {
                return drop(len, "SCB type 0x%02X needs a 4-byte MAC but LEN %d leaves no room".formatted(scb.u8(1), len));
            }
            dataEnd = bodyEnd - OsdpCodes.MAC_SIZE;
            mac = Bytes.of(buf, dataEnd, bodyEnd);
        }
        OsdpFrame frame = new OsdpFrame(addrByte & 0x7F, reply, ctrl & OsdpCodes.CTRL_SQN_MASK, crc, scb, u(p),
                Bytes.of(buf, p + 1, dataEnd), mac);
        Bytes wire = Bytes.of(buf, start, start + len);
        boolean marked = prev == OsdpCodes.MARK;
        start += len;
        prev = -1;
        return new Frame(frame, wire, marked);
    }

    /** Drops from the SOM up to the next 0x53 within {@code span} bytes (or the whole span). */
    private Rejected rescan(int span, String reason) {
        int limit = start + Math.min(span, end - start);
        int i = start + 1;
        while (i < limit && buf[i] != (byte) OsdpCodes.SOM) i++;
        return drop(i - start, reason);
    }

    /** Drops {@code n} bytes from the SOM on: a valid-check frame that cannot be used is dropped whole. */
    private Rejected drop(int n, String reason) {
        prev = buf[start + n - 1] & 0xFF;
        start += n;
        return new Rejected(reason, n);
    }

    private void skipToSom() {
        int i = start;
        while (i < end && buf[i] != (byte) OsdpCodes.SOM) i++;
        if (i > start) {
            prev = buf[i - 1] & 0xFF;
            start = i;
        }
        if (start == end) start = end = 0;
    }

    private int u(int i) {
        return buf[i] & 0xFF;
    }
}
