package io.warden.sim.rtsp;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.warden.adapter.api.WardenException;
import io.warden.adapter.onvif.rtsp.RtspClockRange;
import io.warden.adapter.onvif.rtsp.RtspDigest;
import io.warden.adapter.onvif.rtsp.RtspMessage;
import io.warden.adapter.onvif.rtsp.RtspMessage.Headers;
import io.warden.adapter.onvif.rtsp.RtspMessage.Request;
import io.warden.adapter.onvif.rtsp.RtspMessage.Response;
import io.warden.adapter.onvif.rtsp.RtspReader;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One RTSP connection of {@link RtspReplayServer}: its requests, its session, at most one stream. Runs on the socket's context. */
final class RtspServerConnection {
    private static final Logger log = LoggerFactory.getLogger(RtspServerConnection.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    static final int SESSION_TIMEOUT_SECONDS = 60;
    private static final String REALM = "Warden simulated camera";

    /** What a request URI names: a replay of a recording or the live view of a source, and maybe its track. */
    record Target(boolean replay, String token, boolean track) {}

    private final RtspReplayServer server;
    private final NetSocket socket;
    private final RtspReader reader = new RtspReader();
    private String nonce;
    private String sessionId;
    private Target sessionTarget;
    private int channel;
    private final long ssrc = RANDOM.nextInt() & 0xffffffffL;
    private RtspServerStream stream;
    private long lastActivityNanos = System.nanoTime();
    private long sessionTimer = -1;
    private boolean closed;

    RtspServerConnection(RtspReplayServer server, NetSocket socket) {
        this.server = server;
        this.socket = socket;
    }

    void start() {
        socket.setWriteQueueMaxSize(64 * 1024);
        socket.handler(this::received);
        socket.closeHandler(v -> onClosed());
        socket.exceptionHandler(t -> log.debug("event=rtsp_socket_error remote={} cause=\"{}\"", socket.remoteAddress(), t.getMessage()));
        sessionTimer = server.vertx.setPeriodic(1000, t -> {
            if (sessionId != null && System.nanoTime() - lastActivityNanos > Duration.ofSeconds(SESSION_TIMEOUT_SECONDS).toNanos()) {
                log.info("event=rtsp_session_timeout session={}", sessionId);
                close();
            }
        });
    }

    void close() {
        if (closed) return;
        socket.close();
        onClosed();
    }

    private void onClosed() {
        if (closed) return;
        closed = true;
        if (stream != null) stream.stop();
        server.vertx.cancelTimer(sessionTimer);
        server.connections.remove(this);
    }

    private void received(Buffer bytes) {
        lastActivityNanos = System.nanoTime(); // requests and RTCP alike keep the session alive
        reader.feed(bytes);
        try {
            RtspMessage m;
            while (!closed && (m = reader.next()) != null) {
                if (m instanceof Request q) answerLater(q);
            }
        } catch (WardenException e) {
            log.info("event=rtsp_bad_input remote={} detail=\"{}\"", socket.remoteAddress(), e.getMessage());
            socket.write(new Response(400, "Bad Request", Headers.of(), null).encode());
            close();
        }
    }

    private void answerLater(Request q) {
        server.requestsReceived.incrementAndGet();
        Duration delay = server.faults.responseDelay;
        if (delay == null || delay.isZero() || delay.isNegative()) answer(q);
        else server.vertx.setTimer(delay.toMillis(), t -> {
            if (!closed) answer(q);
        });
    }

    private void answer(Request q) {
        String cseq = q.headers().get("CSeq");
        if (cseq == null) {
            reply(q, 400, "Bad Request", Headers.of());
            return;
        }
        if (server.username != null && !q.method().equals("OPTIONS") && !authorized(q)) {
            if (nonce == null) nonce = HexFormat.of().formatHex(randomBytes(16));
            reply(q, 401, "Unauthorized", Headers.of("WWW-Authenticate", RtspDigest.challenge(REALM, nonce, false)));
            return;
        }
        switch (q.method()) {
            case "OPTIONS":
                reply(q, 200, "OK", Headers.of("Public", "OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE, GET_PARAMETER, SET_PARAMETER, TEARDOWN"));
                break;
            case "DESCRIBE":
                describe(q);
                break;
            case "SETUP":
                setup(q);
                break;
            case "PLAY":
                play(q);
                break;
            case "PAUSE":
                if (!sessionOk(q)) return;
                if (stream != null) stream.stop();
                stream = null;
                reply(q, 200, "OK", sessionHeaders());
                break;
            case "GET_PARAMETER":
            case "SET_PARAMETER":
                reply(q, 200, "OK", sessionId == null ? Headers.of() : sessionHeaders());
                break;
            case "TEARDOWN":
                if (stream != null) stream.stop();
                stream = null;
                sessionId = null;
                reply(q, 200, "OK", Headers.of());
                break;
            default:
                reply(q, 501, "Not Implemented", Headers.of());
        }
    }

    private boolean authorized(Request q) {
        String auth = q.headers().get("Authorization");
        return auth != null && nonce != null
                && RtspDigest.verify(auth, q.method(), REALM, server.username, server.password, n -> n.equals(nonce));
    }

    private void describe(Request q) {
        Target t = target(q.uri());
        if (t == null) {
            reply(q, 404, "Not Found", Headers.of());
            return;
        }
        String base = baseUrl(q.uri());
        String sdp = RtspServerSdp.describe(t, server.footage.get(t.token()), ssrc);
        Response r = new Response(200, "OK", Headers.of("CSeq", q.headers().get("CSeq"), "Content-Base", base + "/",
                "Content-Type", "application/sdp"), Buffer.buffer(sdp, "UTF-8"));
        write(r);
    }

    private void setup(Request q) {
        Target t = target(q.uri());
        if (t == null) {
            reply(q, 404, "Not Found", Headers.of());
            return;
        }
        String unsupported = unsupportedRequire(q);
        if (unsupported != null) {
            reply(q, 551, "Option not supported", Headers.of("Unsupported", unsupported));
            return;
        }
        String transport = q.headers().get("Transport");
        int[] channels = transport == null ? null : interleaved(transport);
        if (channels == null) {
            reply(q, 461, "Unsupported Transport", Headers.of());
            return;
        }
        String given = q.headers().get("Session");
        if (sessionId != null && given != null && !given.split(";")[0].trim().equals(sessionId)) {
            reply(q, 454, "Session Not Found", Headers.of());
            return;
        }
        if (sessionId == null) sessionId = HexFormat.of().formatHex(randomBytes(8)).toUpperCase(Locale.ROOT);
        sessionTarget = t;
        channel = channels[0];
        reply(q, 200, "OK", sessionHeaders().with("Transport", "RTP/AVP/TCP;unicast;interleaved=" + channels[0] + "-" + channels[1]
                + ";ssrc=" + String.format("%08X", ssrc) + ";mode=\"PLAY\""));
    }

    /** The interleaved channels of a TCP transport spec, or null when it is not RTP/AVP/TCP. */
    private static int[] interleaved(String transport) {
        for (String spec : transport.split(",")) {
            String[] parts = spec.trim().split(";");
            if (!parts[0].trim().equalsIgnoreCase("RTP/AVP/TCP")) continue;
            int[] ch = {0, 1};
            for (String p : parts) {
                String s = p.trim();
                if (s.regionMatches(true, 0, "interleaved=", 0, 12)) {
                    try {
                        String[] n = s.substring(12).split("-");
                        ch[0] = Integer.parseInt(n[0].trim());
                        ch[1] = n.length > 1 ? Integer.parseInt(n[1].trim()) : ch[0] + 1;
                    } catch (NumberFormatException e) {
                        return null;
                    }
                }
            }
            if (ch[0] < 0 || ch[0] > 255 || ch[1] < 0 || ch[1] > 255) return null;
            return ch;
        }
        return null;
    }

    private void play(Request q) {
        if (!sessionOk(q)) return;
        if (sessionTarget == null) {
            reply(q, 455, "Method Not Valid in This State", sessionHeaders());
            return;
        }
        String unsupported = unsupportedRequire(q);
        if (unsupported != null) {
            reply(q, 551, "Option not supported", Headers.of("Unsupported", unsupported));
            return;
        }
        String scale = q.headers().get("Scale");
        if (scale != null) {
            double s;
            try {
                s = Double.parseDouble(scale.trim());
            } catch (NumberFormatException e) {
                reply(q, 400, "Bad Request", sessionHeaders());
                return;
            }
            if (s < 0) {
                reply(q, 551, "Reverse playback not supported", sessionHeaders().with("Unsupported", "Scale"));
                return;
            }
            if (s != 1.0) {
                reply(q, 551, "Only Scale 1.0 is supported", sessionHeaders().with("Unsupported", "Scale"));
                return;
            }
        }
        boolean jump = stream != null && "yes".equalsIgnoreCase(trim(q.headers().get("Immediate")));
        if (stream != null) stream.stop();
        stream = null;
        int cseqByte = q.cseq() & 0xff;
        String trackUrl = baseUrl(q.uri()) + "/track1";
        if (!sessionTarget.replay()) {
            stream = RtspServerStream.live(server, this, socket, channel, ssrc);
            reply(q, 200, "OK", sessionHeaders().with("Range", "npt=0.000-").with("RTP-Info", stream.rtpInfo(trackUrl)));
            stream.start();
            return;
        }
        SimulatedFootage footage = server.footage.get(sessionTarget.token());
        Instant now = server.clock.instant();
        RtspClockRange range = RtspClockRange.parse(q.headers().get("Range")).orElse(null);
        Instant from = range == null ? footage.recording().start() : range.from();
        Instant to = range == null ? null : range.to();
        if (to != null && !to.isAfter(from)) {
            reply(q, 457, "Invalid Range", sessionHeaders());
            return;
        }
        long first = footage.startFrame(from);
        Instant end = footage.recording().end();
        if ((end != null && !footage.timeOf(first).isBefore(end)) || footage.timeOf(first).isAfter(now.plusSeconds(1))) {
            reply(q, 457, "Invalid Range", sessionHeaders());
            return;
        }
        boolean fast = "no".equalsIgnoreCase(trim(q.headers().get("Rate-Control"))) && !server.faults.realTimeOnly;
        int drop = takeDrop();
        stream = RtspServerStream.replay(server, this, socket, channel, ssrc, footage, first, to, fast, cseqByte, jump, drop);
        Headers h = sessionHeaders().with("Range", "clock=" + RtspClockRange.format(footage.timeOf(first)) + "-"
                + (to == null ? "" : RtspClockRange.format(to))).with("RTP-Info", stream.rtpInfo(trackUrl));
        if (fast) h = h.with("Rate-Control", "no");
        reply(q, 200, "OK", h);
        log.debug("event=rtsp_replay_play recording={} from={} to={} fast={} drop={}", sessionTarget.token(), from, to, fast, drop);
        stream.start();
    }

    private int takeDrop() {
        synchronized (server.faults) {
            int n = server.faults.dropReplayAfterFrames;
            if (n >= 0) server.faults.dropReplayAfterFrames = -1;
            return n;
        }
    }

    private boolean sessionOk(Request q) {
        String given = q.headers().get("Session");
        if (sessionId == null || given == null || !given.split(";")[0].trim().equals(sessionId)) {
            reply(q, 454, "Session Not Found", Headers.of());
            return false;
        }
        return true;
    }

    private Headers sessionHeaders() {
        return Headers.of("Session", sessionId + ";timeout=" + SESSION_TIMEOUT_SECONDS);
    }

    /** The first {@code Require} option we do not support, or null. */
    private static String unsupportedRequire(Request q) {
        for (String v : q.headers().all("Require")) {
            for (String opt : v.split(",")) {
                String o = opt.trim();
                if (!o.isEmpty() && !o.equalsIgnoreCase("onvif-replay")) return o;
            }
        }
        return null;
    }

    /** The replay or live target of a request URI ({@code rtsp://h:p/replay/<token>[/track1]}), or null. */
    Target target(String uri) {
        String path;
        try {
            path = URI.create(uri).getRawPath();
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (path == null) return null;
        String[] seg = path.replaceAll("/+$", "").split("/");
        if (seg.length < 3 || seg.length > 4 || !seg[0].isEmpty()) return null;
        boolean track = seg.length == 4;
        if (track && !seg[3].equals("track1")) return null;
        String token = URLDecoder.decode(seg[2], StandardCharsets.UTF_8);
        if (seg[1].equals("replay")) return server.footage.containsKey(token) ? new Target(true, token, track) : null;
        if (seg[1].equals("live")) return token.isEmpty() ? null : new Target(false, token, track);
        return null;
    }

    /** {@code rtsp://h:p/replay/<token>} of a request URI, without track or trailing slash. */
    private static String baseUrl(String uri) {
        String u = uri.replaceAll("/+$", "");
        return u.endsWith("/track1") ? u.substring(0, u.length() - "/track1".length()) : u;
    }

    private void reply(Request q, int status, String reason, Headers extra) {
        Headers h = Headers.of("CSeq", q.headers().get("CSeq") == null ? "0" : q.headers().get("CSeq"), "Server", "Warden simulator");
        for (String[] f : extra.fields()) h = h.with(f[0], f[1]);
        write(new Response(status, reason, h, null));
    }

    private void write(Response r) {
        if (!closed) socket.write(r.encode());
    }

    void streamEnded(RtspServerStream s) {
        if (stream == s) log.debug("event=rtsp_stream_end session={} frames={}", sessionId, s.sent());
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
