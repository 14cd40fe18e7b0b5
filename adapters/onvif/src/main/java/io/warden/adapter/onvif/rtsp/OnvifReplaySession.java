package io.warden.adapter.onvif.rtsp;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.warden.adapter.api.AccessUnit;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.ReplayEnd;
import io.warden.adapter.api.ReplaySink;
import io.warden.adapter.api.WardenException;
import io.warden.adapter.onvif.rtsp.RtspMessage.Headers;
import io.warden.adapter.onvif.rtsp.RtspMessage.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replay of {@link OnvifReplayClient}: one RTSP connection and session, driven on one context.
 * Not thread safe; every method runs on {@link #ctx}.
 */
final class OnvifReplaySession {
    private static final Logger log = LoggerFactory.getLogger(OnvifReplaySession.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_UNIT_BYTES = 8 * 1024 * 1024;
    private static final Duration END_SILENCE = Duration.ofSeconds(1);
    private static final Duration RANGE_SLACK = Duration.ofSeconds(2);

    private final Vertx vertx;
    private final NetClient netClient;
    private final Clock clock;
    private final Duration idleTimeout;
    private final Duration endSilence;
    private final URI uri;
    private final String user;
    private final String password;
    private final Instant from;
    private final Instant to;
    private final Instant setupDeadline;
    private final ReplaySink sink;
    private final Promise<ReplayEnd> result = Promise.promise();
    private final RtspReader reader = new RtspReader();
    private final H264Depacketizer depacketizer = new H264Depacketizer(MAX_UNIT_BYTES);
    private final ArrayDeque<H264Depacketizer.Output> outputs = new ArrayDeque<>();
    private final String label;

    private Context ctx;
    private NetSocket socket;
    private boolean finished;
    private boolean peerClosed;
    private boolean paused;
    private boolean busy;
    private int cseq;
    private int pendingCseq = -1;
    private Consumer<Response> pending;
    private RtspDigest.Params challenge;
    private int nonceCount;
    private String sessionId;
    private int sessionTimeoutSeconds = 60;
    private int rtpChannel = 0;
    private int payloadType = -1;
    private String playUrl;
    private boolean playing;
    private boolean gotMedia;
    private boolean sawKeyframe;
    private long setupTimer = -1;
    private long watchTimer = -1;
    private long keepAliveTimer = -1;
    private long lastRxNanos;
    private boolean lastWasEnd;
    private Instant lastTime;
    private long delivered;

    OnvifReplaySession(Vertx vertx, NetClient netClient, Clock clock, Duration idleTimeout, URI uri, String user, String password,
                       Instant from, Instant to, Instant setupDeadline, ReplaySink sink) {
        this.vertx = vertx;
        this.netClient = netClient;
        this.clock = clock;
        this.idleTimeout = idleTimeout;
        this.endSilence = idleTimeout.compareTo(END_SILENCE) < 0 ? idleTimeout : END_SILENCE;
        this.uri = uri;
        this.user = user;
        this.password = password;
        this.from = from;
        this.to = to;
        this.setupDeadline = setupDeadline;
        this.sink = sink;
        this.label = uri.getHost() + ":" + port() + uri.getRawPath();
    }

    Future<ReplayEnd> start(Context context) {
        this.ctx = context;
        context.runOnContext(v -> begin());
        return result.future();
    }

    private int port() {
        return uri.getPort() > 0 ? uri.getPort() : 554;
    }

    private void begin() {
        long left = Duration.between(clock.instant(), setupDeadline).toMillis();
        if (left <= 0) {
            fail(timeout("the setup deadline passed before connecting"), false);
            return;
        }
        setupTimer = vertx.setTimer(left, t -> {
            setupTimer = -1;
            fail(timeout("no media before the setup deadline"), false);
        });
        netClient.connect(port(), uri.getHost()).onComplete(ar -> {
            if (ar.failed()) {
                fail(new WardenException(ErrorCode.DEVICE_OFFLINE, "RTSP " + label + ": connect failed: " + ar.cause().getMessage()), false);
                return;
            }
            NetSocket s = ar.result();
            if (finished) {
                s.close();
                return;
            }
            socket = s;
            s.handler(buf -> {
                reader.feed(buf);
                drain();
            });
            s.endHandler(v -> onPeerClosed());
            s.closeHandler(v -> onPeerClosed());
            s.exceptionHandler(t -> log.debug("event=rtsp_socket_error peer={} cause=\"{}\"", label, t.getMessage()));
            describe(false);
        });
    }

    // ---- set-up: DESCRIBE, SETUP, PLAY ----

    private void describe(boolean retried) {
        request("DESCRIBE", uri.toString(), Headers.of("Accept", "application/sdp"), r -> {
            if (r.status() == 401 && !retried) {
                challenge = RtspDigest.choose(r.headers().all("WWW-Authenticate"));
                if (challenge == null) {
                    fail(new WardenException(ErrorCode.AUTHENTICATION_FAILED, "RTSP " + label + ": 401 without a usable challenge"), false);
                } else if (user == null || password == null) {
                    fail(new WardenException(ErrorCode.AUTHENTICATION_FAILED, "RTSP " + label + ": credentials required, none configured"), false);
                } else {
                    describe(true);
                }
                return;
            }
            if (!r.ok()) {
                fail(statusError("DESCRIBE", r), false);
                return;
            }
            Sdp sdp = Sdp.parse(r.body().toString(StandardCharsets.UTF_8));
            Sdp.Media video = sdp.video("H264").orElse(null);
            if (video == null) {
                fail(new WardenException(ErrorCode.UNSUPPORTED, "RTSP " + label + ": the SDP has no H.264 video track"), false);
                return;
            }
            payloadType = video.payloadType();
            video.spropFormat().ifPresent(depacketizer::initialFormat);
            String base = r.headers().get("Content-Base");
            if (base == null) base = r.headers().get("Content-Location");
            if (base == null) base = uri.toString();
            playUrl = RtspClientHeaders.resolve(base, sdp.control());
            setup(RtspClientHeaders.resolve(base, video.control()));
        });
    }

    private void setup(String trackUrl) {
        request("SETUP", trackUrl, Headers.of("Transport", "RTP/AVP/TCP;unicast;interleaved=0-1", "Require", "onvif-replay"),
                r -> {
                    if (!r.ok()) {
                        fail(statusError("SETUP", r), false);
                        return;
                    }
                    String session = r.headers().get("Session");
                    if (session == null || session.isBlank()) {
                        fail(new WardenException(ErrorCode.PROTOCOL_ERROR, "RTSP " + label + ": SETUP answer without a Session"), false);
                        return;
                    }
                    sessionId = RtspClientHeaders.sessionId(session);
                    sessionTimeoutSeconds = RtspClientHeaders.sessionTimeoutSeconds(session, sessionTimeoutSeconds);
                    rtpChannel = RtspClientHeaders.rtpChannel(r.headers().get("Transport"), rtpChannel);
                    play(true);
                });
    }

    private void play(boolean rateControlOff) {
        // The range asked for ends a little after `to`, so that the first unit at or after `to` arrives and ends the replay at
        // once (REACHED_END); a range ending exactly at `to` would end in silence, indistinguishable from a stalled device.
        Headers h = Headers.of("Require", "onvif-replay", "Range", new RtspClockRange(from, to.plus(RANGE_SLACK)).headerValue());
        if (rateControlOff) h = h.with("Rate-Control", "no");
        request("PLAY", playUrl, h, r -> {
            if (r.ok()) {
                playing = true; // the media that follows in the buffer is read by the drain loop that got this answer
                return;
            }
            if (rateControlOff && RtspClientHeaders.refusedRateControl(r)) {
                log.info("event=rtsp_rate_control_refused peer={} status={} action=replay_in_real_time", label, r.status());
                play(false);
                return;
            }
            fail(statusError("PLAY", r), true);
        });
    }

    /** One request of the set-up; {@code answer} runs synchronously when its response is read, so no media is missed. */
    private void request(String method, String url, Headers extra, Consumer<Response> answer) {
        if (finished) return;
        if (!clock.instant().isBefore(setupDeadline)) {
            fail(timeout("the setup deadline passed before " + method), false);
            return;
        }
        Headers h = headers(method, url, extra);
        pending = answer;
        pendingCseq = cseq;
        socket.write(new RtspMessage.Request(method, url, h, null).encode());
    }

    /** Fire-and-forget requests of the media phase (keep-alive, TEARDOWN): their answers are skipped by CSeq. */
    private Future<Void> send(String method) {
        return socket.write(new RtspMessage.Request(method, playUrl, headers(method, playUrl, Headers.of()), null).encode());
    }

    private Headers headers(String method, String url, Headers extra) {
        Headers h = Headers.of("CSeq", String.valueOf(++cseq), "User-Agent", "Warden");
        if (sessionId != null) h = h.with("Session", sessionId);
        if (challenge != null) {
            byte[] cn = new byte[8];
            RANDOM.nextBytes(cn);
            h = h.with("Authorization", RtspDigest.authorization(challenge, user, password, method, url, ++nonceCount,
                    HexFormat.of().formatHex(cn)));
        }
        for (String[] f : extra.fields()) h = h.with(f[0], f[1]);
        return h;
    }

    private WardenException statusError(String method, Response r) {
        String what = "RTSP " + method + " " + label + ": " + r.statusLine();
        if (r.status() == 404) return new WardenException(ErrorCode.NOT_FOUND, what);
        if (r.status() == 401 || r.status() == 403) return new WardenException(ErrorCode.AUTHENTICATION_FAILED, what);
        return new WardenException(ErrorCode.DEVICE_REJECTED, what);
    }

    private WardenException timeout(String what) {
        return new WardenException(ErrorCode.DEVICE_TIMEOUT, "RTSP " + label + ": " + what + " (deadline " + setupDeadline + ")");
    }

    // ---- media ----

    /** Handles what is buffered, one message at a time, until the sink is busy or bytes run out. */
    private void drain() {
        while (!finished && !busy) {
            H264Depacketizer.Output o = outputs.poll();
            if (o != null) {
                deliver(o);
                continue;
            }
            RtspMessage m;
            try {
                m = reader.next();
                if (m == null) break;
                handle(m);
            } catch (WardenException e) { // garbage on the connection, a malformed RTP packet or extension
                fail(e, playing);
                return;
            }
        }
        if (finished || socket == null) return;
        if (busy && !paused) {
            paused = true;
            socket.pause();
        } else if (!busy && paused) {
            paused = false;
            socket.resume();
        }
        if (!busy && peerClosed) {
            fail(new WardenException(ErrorCode.CONNECTION_CLOSED, "RTSP " + label + ": the device closed the connection"
                    + (gotMedia ? " after " + delivered + " access units" : "")), false);
        }
    }

    private void handle(RtspMessage m) {
        if (m instanceof Response r) {
            if (pending != null && r.cseq() == pendingCseq) {
                Consumer<Response> p = pending;
                pending = null;
                p.accept(r);
            }
        } else if (m instanceof RtspMessage.Request q) {
            socket.write(RtspMessage.response(501, Headers.of("CSeq", String.valueOf(q.cseq()))).encode());
        } else if (m instanceof RtspMessage.Interleaved frame && playing && frame.channel() == rtpChannel) {
            if (!gotMedia) startMedia();
            lastRxNanos = System.nanoTime();
            RtpPacket p = RtpPacket.decode(frame.data());
            if (p.payloadType() == payloadType) outputs.addAll(depacketizer.feed(p));
        }
    }

    private void startMedia() {
        gotMedia = true;
        if (setupTimer >= 0) vertx.cancelTimer(setupTimer);
        setupTimer = -1;
        long period = Math.max(10, Math.min(endSilence.toMillis(), idleTimeout.toMillis()) / 4);
        watchTimer = vertx.setPeriodic(period, t -> watch());
        long keepAlive = sessionTimeoutSeconds * 1000L / 2;
        keepAliveTimer = vertx.setPeriodic(keepAlive, t -> {
            if (!finished && socket != null) send("GET_PARAMETER");
        });
        log.debug("event=rtsp_replay_media peer={} from={} to={}", label, from, to);
    }

    private void watch() {
        if (finished) return;
        long now = System.nanoTime();
        if (busy) {
            lastRxNanos = now; // our own pause is not the device's silence
            return;
        }
        long silent = now - lastRxNanos;
        if (lastWasEnd && silent >= endSilence.toNanos()) finish(ReplayEnd.Reason.END_OF_FOOTAGE);
        else if (silent >= idleTimeout.toNanos()) finish(ReplayEnd.Reason.IDLE);
    }

    private void deliver(H264Depacketizer.Output o) {
        if (o instanceof H264Depacketizer.FormatChange fc) {
            busy = true;
            sink.format(fc.format()).onComplete(ar -> onContext(() -> afterSink(ar, false)));
            return;
        }
        H264Depacketizer.Unit u = (H264Depacketizer.Unit) o;
        AccessUnit unit = u.unit();
        if (unit.time() == null) {
            fail(new WardenException(ErrorCode.PROTOCOL_ERROR, "RTSP " + label + ": an access unit without the ONVIF replay extension"), true);
            return;
        }
        if (!unit.time().isBefore(to)) {
            finish(ReplayEnd.Reason.REACHED_END);
            return;
        }
        if (!sawKeyframe && !unit.keyframe()) return; // decoding starts at a clean point
        sawKeyframe = true;
        busy = true;
        delivered++;
        lastTime = unit.time();
        lastWasEnd = unit.endOfSection();
        boolean terminal = u.extension().terminal();
        sink.accept(unit).onComplete(ar -> onContext(() -> afterSink(ar, terminal)));
    }

    private void afterSink(AsyncResult<Void> ar, boolean terminal) {
        busy = false;
        if (finished) return;
        if (ar.failed()) {
            fail(ar.cause(), true);
        } else if (terminal) {
            finish(ReplayEnd.Reason.END_OF_FOOTAGE);
        } else {
            drain();
        }
    }

    private void onContext(Runnable r) {
        if (Vertx.currentContext() == ctx) r.run();
        else ctx.runOnContext(v -> r.run());
    }

    private void onPeerClosed() {
        if (peerClosed) return;
        peerClosed = true;
        if (pending != null) {
            pending = null;
            fail(new WardenException(ErrorCode.CONNECTION_CLOSED, "RTSP " + label + ": the device closed the connection during set-up"), false);
            return;
        }
        drain();
    }

    // ---- the end ----

    private void finish(ReplayEnd.Reason reason) {
        if (finished) return;
        log.debug("event=rtsp_replay_end peer={} reason={} units={} last={}", label, reason, delivered, lastTime);
        close(true);
        result.complete(new ReplayEnd(reason, lastTime));
    }

    private void fail(Throwable cause, boolean teardown) {
        if (finished) return;
        log.debug("event=rtsp_replay_failed peer={} units={} cause=\"{}\"", label, delivered, cause.getMessage());
        close(teardown);
        result.fail(cause);
    }

    private void close(boolean teardown) {
        finished = true;
        for (long t : new long[] {setupTimer, watchTimer, keepAliveTimer}) if (t >= 0) vertx.cancelTimer(t);
        outputs.clear();
        NetSocket s = socket;
        if (s == null) return;
        if (teardown && !peerClosed && sessionId != null) {
            send("TEARDOWN").onComplete(ar -> s.close());
        } else {
            s.close();
        }
    }
}
