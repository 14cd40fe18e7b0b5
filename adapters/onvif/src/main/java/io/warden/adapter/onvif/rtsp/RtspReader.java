package io.warden.adapter.onvif.rtsp;

import io.vertx.core.buffer.Buffer;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Incremental RTSP framing: feed bytes as they arrive, take whole messages out. Handles requests,
 * responses and {@code $}-interleaved frames mixed on one connection. Pure, single threaded.
 *
 * <p>Limits: a message head (start line and headers) of at most {@link #MAX_HEAD} bytes, a body of at
 * most {@link #MAX_BODY}. Anything that is not RTSP, or breaks a limit, fails {@link #next()} with
 * {@link ErrorCode#PROTOCOL_ERROR}; the reader is then dead (the connection should be closed), so the
 * buffered bytes never grow past one message plus what was fed since.
 */
public final class RtspReader {
    public static final int MAX_HEAD = 16 * 1024;
    public static final int MAX_BODY = 64 * 1024;

    private Buffer buf = Buffer.buffer();
    private int pos;
    private WardenException failed;

    /** Appends received bytes. */
    public void feed(Buffer bytes) {
        if (pos > 0 && pos == buf.length()) {
            buf = Buffer.buffer();
            pos = 0;
        } else if (pos > 64 * 1024) {
            buf = buf.getBuffer(pos, buf.length());
            pos = 0;
        }
        buf.appendBuffer(bytes);
    }

    /** Bytes received and not yet taken out as messages. */
    public int buffered() {
        return buf.length() - pos;
    }

    /**
     * The next whole message, or null when more bytes are needed.
     *
     * @throws WardenException {@link ErrorCode#PROTOCOL_ERROR} for garbage or a message over the limits
     */
    public RtspMessage next() {
        if (failed != null) throw failed;
        try {
            return parse();
        } catch (WardenException e) {
            failed = e;
            throw e;
        }
    }

    private RtspMessage parse() {
        // Tolerate blank lines between messages (RFC 2326 §4 allows a stray CRLF).
        while (pos < buf.length() && (buf.getByte(pos) == '\r' || buf.getByte(pos) == '\n')) pos++;
        int avail = buf.length() - pos;
        if (avail == 0) return null;
        if (buf.getByte(pos) == '$') {
            if (avail < 4) return null;
            int len = buf.getUnsignedShort(pos + 2);
            if (avail < 4 + len) return null;
            RtspMessage m = new RtspMessage.Interleaved(buf.getUnsignedByte(pos + 1), buf.getBuffer(pos + 4, pos + 4 + len));
            pos += 4 + len;
            return m;
        }
        int first = buf.getUnsignedByte(pos);
        if (!(first >= 'A' && first <= 'Z') && !(first >= 'a' && first <= 'z') && first != '_') {
            throw bad(String.format("unexpected byte 0x%02x where a message starts", first));
        }
        int headEnd = indexOfBlankLine(pos, Math.min(buf.length(), pos + MAX_HEAD));
        if (headEnd < 0) {
            if (avail >= MAX_HEAD) throw bad("message head longer than " + MAX_HEAD + " bytes");
            return null;
        }
        String head = buf.getString(pos, headEnd, StandardCharsets.UTF_8.name());
        int bodyStart = headEnd + (buf.getByte(headEnd) == '\r' ? 4 : 2);
        String[] lines = head.split("\r?\n", -1);
        List<String[]> fields = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if ((line.startsWith(" ") || line.startsWith("\t")) && !fields.isEmpty()) {
                String[] last = fields.get(fields.size() - 1);
                last[1] = last[1] + " " + line.trim(); // obsolete line folding
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) throw bad("header line without a name: \"" + clip(line) + "\"");
            fields.add(new String[] {line.substring(0, colon).trim(), line.substring(colon + 1).trim()});
        }
        RtspMessage.Headers headers = new RtspMessage.Headers(fields);
        int length = 0;
        String cl = headers.get("Content-Length");
        if (cl != null) {
            try {
                length = Integer.parseInt(cl.trim());
            } catch (NumberFormatException e) {
                throw bad("Content-Length is not a number: \"" + clip(cl) + "\"");
            }
            if (length < 0 || length > MAX_BODY) throw bad("Content-Length " + length + " outside 0.." + MAX_BODY);
        }
        if (buf.length() - bodyStart < length) return null;
        Buffer body = buf.getBuffer(bodyStart, bodyStart + length);
        String start = lines[0];
        RtspMessage m;
        if (start.startsWith("RTSP/")) {
            String[] parts = start.split(" ", 3);
            if (parts.length < 2 || !parts[0].equals("RTSP/1.0")) throw bad("bad status line \"" + clip(start) + "\"");
            int status;
            try {
                status = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw bad("bad status code in \"" + clip(start) + "\"");
            }
            if (status < 100 || status > 999) throw bad("status code out of range: " + status);
            m = new RtspMessage.Response(status, parts.length > 2 ? parts[2] : "", headers, body);
        } else {
            String[] parts = start.split(" ");
            if (parts.length != 3 || !parts[2].equals("RTSP/1.0") || !parts[0].chars().allMatch(c -> c > 32 && c < 127)) {
                throw bad("bad request line \"" + clip(start) + "\"");
            }
            m = new RtspMessage.Request(parts[0], parts[1], headers, body);
        }
        pos = bodyStart + length;
        return m;
    }

    /** Index of the CRLFCRLF (or LFLF) ending a head within [from, to), or -1. */
    private int indexOfBlankLine(int from, int to) {
        for (int i = from; i < to - 1; i++) {
            byte b = buf.getByte(i);
            if (b == '\n' && buf.getByte(i + 1) == '\n') return i;
            if (b == '\r' && i + 3 < buf.length() && i + 3 < to + 3 && buf.getByte(i + 1) == '\n' && buf.getByte(i + 2) == '\r'
                    && buf.getByte(i + 3) == '\n') return i;
        }
        return -1;
    }

    private static String clip(String s) {
        String t = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static WardenException bad(String what) {
        return new WardenException(ErrorCode.PROTOCOL_ERROR, "RTSP: " + what);
    }
}
