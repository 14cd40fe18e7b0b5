package io.warden.adapter.onvif.rtsp;

import io.warden.adapter.onvif.rtsp.RtspMessage.Response;
import java.net.URI;
import java.util.Locale;

/** What the replay client reads from RTSP headers and SDP controls. Pure. */
final class RtspClientHeaders {
    private RtspClientHeaders() {}

    /** A control attribute against the base URL; a base without a trailing slash is treated as a directory, as servers mean it. */
    static String resolve(String base, String control) {
        if (control == null || control.isEmpty() || control.equals("*")) return base;
        String lower = control.toLowerCase(Locale.ROOT);
        if (lower.startsWith("rtsp://") || lower.startsWith("rtsps://")) return control;
        if (control.startsWith("/")) return URI.create(base).resolve(control).toString();
        // Appended, as live555 and ffmpeg do: a base with a query (Axis: play.amp?onvifreplayid=…/) must keep it.
        return base.endsWith("/") ? base + control : base + "/" + control;
    }

    /** The session id of a {@code Session} header ({@code id;timeout=60}). */
    static String sessionId(String value) {
        return value.split(";")[0].trim();
    }

    /** The {@code timeout} of a {@code Session} header in seconds (at least 2), or {@code fallback} (RFC 2326 §12.37: 60). */
    static int sessionTimeoutSeconds(String value, int fallback) {
        String[] parts = value.split(";");
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.regionMatches(true, 0, "timeout=", 0, 8)) {
                try {
                    return Math.max(2, Integer.parseInt(p.substring(8).trim()));
                } catch (NumberFormatException ignored) {
                    return fallback;
                }
            }
        }
        return fallback;
    }

    /** The RTP channel of a SETUP answer's {@code Transport} ({@code interleaved=a-b}: a), or {@code fallback}. */
    static int rtpChannel(String transport, int fallback) {
        if (transport == null) return fallback;
        for (String p : transport.split(";")) {
            String t = p.trim();
            if (t.regionMatches(true, 0, "interleaved=", 0, 12)) {
                try {
                    int ch = Integer.parseInt(t.substring(12).split("-")[0].trim());
                    return ch >= 0 && ch <= 255 ? ch : fallback;
                } catch (NumberFormatException ignored) {
                    return fallback;
                }
            }
        }
        return fallback;
    }

    /** Did the server refuse a PLAY because of {@code Rate-Control: no}? (451, 456, 551, or a 4xx naming it in Unsupported) */
    static boolean refusedRateControl(Response r) {
        if (r.status() == 451 || r.status() == 456 || r.status() == 551) return true;
        String unsupported = r.headers().get("Unsupported");
        return r.status() >= 400 && r.status() < 500 && unsupported != null && unsupported.toLowerCase(Locale.ROOT).contains("rate-control");
    }
}
