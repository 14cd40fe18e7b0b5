package io.warden.adapter.onvif.rtsp;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What travels on an RTSP connection (RFC 2326): requests, responses, and {@code $}-interleaved
 * binary frames (RTP/RTCP in the TCP connection, §10.12). Pure.
 */
public sealed interface RtspMessage permits RtspMessage.Request, RtspMessage.Response, RtspMessage.Interleaved {

    /** The bytes on the wire. */
    Buffer encode();

    /** Header fields in order; names compare case-insensitively. */
    record Headers(List<String[]> fields) {
        public Headers {
            fields = List.copyOf(fields);
        }

        public static Headers of(String... nameValues) {
            if (nameValues.length % 2 != 0) throw new IllegalArgumentException("names and values come in pairs");
            List<String[]> f = new ArrayList<>();
            for (int i = 0; i < nameValues.length; i += 2) f.add(new String[] {nameValues[i], nameValues[i + 1]});
            return new Headers(f);
        }

        /** The first value of {@code name}, or null. */
        public String get(String name) {
            for (String[] f : fields) if (f[0].equalsIgnoreCase(name)) return f[1];
            return null;
        }

        /** Every value of {@code name}, in order. */
        public List<String> all(String name) {
            List<String> out = new ArrayList<>();
            for (String[] f : fields) if (f[0].equalsIgnoreCase(name)) out.add(f[1]);
            return out;
        }

        /** A copy with one more field (null values are skipped). */
        public Headers with(String name, String value) {
            if (value == null) return this;
            List<String[]> f = new ArrayList<>(fields);
            f.add(new String[] {name, value});
            return new Headers(f);
        }

        int cseq() {
            String v = get("CSeq");
            try {
                return v == null ? -1 : Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        void appendTo(StringBuilder sb, int bodyLength) {
            for (String[] f : fields) {
                if (f[0].equalsIgnoreCase("Content-Length")) continue;
                sb.append(f[0]).append(": ").append(f[1]).append("\r\n");
            }
            if (bodyLength > 0) sb.append("Content-Length: ").append(bodyLength).append("\r\n");
            sb.append("\r\n");
        }
    }

    /** A request: {@code METHOD uri RTSP/1.0}. */
    record Request(String method, String uri, Headers headers, Buffer body) implements RtspMessage {
        public Request {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(uri, "uri");
            body = body == null ? Buffer.buffer() : body;
        }

        public int cseq() {
            return headers.cseq();
        }

        @Override
        public Buffer encode() {
            StringBuilder sb = new StringBuilder(method).append(' ').append(uri).append(" RTSP/1.0\r\n");
            headers.appendTo(sb, body.length());
            return Buffer.buffer(sb.toString().getBytes(StandardCharsets.UTF_8)).appendBuffer(body);
        }
    }

    /** A response: {@code RTSP/1.0 status reason}. */
    record Response(int status, String reason, Headers headers, Buffer body) implements RtspMessage {
        public Response {
            Objects.requireNonNull(reason, "reason");
            body = body == null ? Buffer.buffer() : body;
        }

        public int cseq() {
            return headers.cseq();
        }

        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** {@code "RTSP/1.0 404 Not Found"}. */
        public String statusLine() {
            return "RTSP/1.0 " + status + " " + reason;
        }

        @Override
        public Buffer encode() {
            StringBuilder sb = new StringBuilder(statusLine()).append("\r\n");
            headers.appendTo(sb, body.length());
            return Buffer.buffer(sb.toString().getBytes(StandardCharsets.UTF_8)).appendBuffer(body);
        }
    }

    /** An interleaved binary frame: {@code '$'}, channel, 16-bit length, data. */
    record Interleaved(int channel, Buffer data) implements RtspMessage {
        public Interleaved {
            if (channel < 0 || channel > 255) throw new IllegalArgumentException("channel out of range: " + channel);
            if (data.length() > 0xffff) throw new IllegalArgumentException("interleaved frame too long: " + data.length());
        }

        @Override
        public Buffer encode() {
            return Buffer.buffer(4 + data.length()).appendByte((byte) '$').appendByte((byte) channel)
                    .appendUnsignedShort(data.length()).appendBuffer(data);
        }
    }

    /** The standard reason phrase of an RTSP status code. */
    static String reasonOf(int status) {
        switch (status) {
            case 200: return "OK";
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 454: return "Session Not Found";
            case 455: return "Method Not Valid in This State";
            case 457: return "Invalid Range";
            case 459: return "Aggregate Operation Not Allowed";
            case 461: return "Unsupported Transport";
            case 500: return "Internal Server Error";
            case 501: return "Not Implemented";
            case 503: return "Service Unavailable";
            case 551: return "Option not supported";
            default: return "Status " + status;
        }
    }

    /** A response with the standard reason phrase. */
    static Response response(int status, Headers headers) {
        return new Response(status, reasonOf(status), headers, null);
    }

    /** Lower-cased for comparisons. */
    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
