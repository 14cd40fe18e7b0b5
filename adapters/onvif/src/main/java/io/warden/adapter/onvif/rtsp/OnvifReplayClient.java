package io.warden.adapter.onvif.rtsp;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.ReplayEnd;
import io.warden.adapter.api.ReplaySink;
import io.warden.adapter.api.WardenException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * ONVIF replay over RTSP (Streaming spec, "Playback"): RTP interleaved in the RTSP TCP connection,
 * H.264 only. One instance serves any number of replays; each {@link #replay} is one RTSP session
 * on its own connection.
 *
 * <p>Per replay: DESCRIBE (one digest retry on 401), SETUP of the video track
 * ({@code RTP/AVP/TCP;unicast;interleaved=0-1}, {@code Require: onvif-replay}), PLAY with
 * {@code Range: clock=from-to} and {@code Rate-Control: no} (played again in real time when the
 * server refuses that header), then access units into the sink with back-pressure (the socket is
 * paused while the sink's future is pending), keep-alive GET_PARAMETER at half the session timeout,
 * and TEARDOWN at the end. Threading: everything of one replay runs on the Vert.x context current
 * when {@link #replay} was called (or a new event-loop context); nothing blocks.
 */
public final class OnvifReplayClient {

    /**
     * @param idleTimeout how long the stream may stay silent before the replay ends with
     *                    {@link ReplayEnd.Reason#IDLE} (a few seconds: with Rate-Control: no a server
     *                    sends as fast as it can, and at the end of footage it simply stops)
     */
    public record Options(Duration idleTimeout) {
        public Options {
            Objects.requireNonNull(idleTimeout, "idleTimeout");
            if (idleTimeout.isNegative() || idleTimeout.isZero()) throw new IllegalArgumentException("idleTimeout must be positive");
        }
    }

    /** Bytes the kernel may hold for one replay while the sink is busy (256 KB: about 20 Mbit/s at 100 ms round trip). */
    static final int RECEIVE_BUFFER = 256 * 1024;

    private final Vertx vertx;
    private final Clock clock;
    private final Options options;
    private final NetClient netClient;

    public OnvifReplayClient(Vertx vertx, Clock clock, Options options) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.options = Objects.requireNonNull(options, "options");
        // A fixed receive buffer: the kernel's auto-tuning would otherwise let megabytes pile up while the sink holds us back.
        this.netClient = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(30_000)
                .setReceiveBufferSize(RECEIVE_BUFFER));
    }

    /**
     * Replay {@code [from, to)} of the recording behind {@code replayUri} into {@code sink}; the
     * contract is {@link io.warden.adapter.api.Camera#replay}'s. Credentials are used for RTSP digest
     * (or basic) authentication when the server asks; never logged. {@code replayUri} carries no
     * credentials.
     */
    public Future<ReplayEnd> replay(URI replayUri, String username, String password, Instant from, Instant to,
                                    Instant setupDeadline, ReplaySink sink) {
        Objects.requireNonNull(replayUri, "replayUri");
        Objects.requireNonNull(sink, "sink");
        if (!"rtsp".equalsIgnoreCase(replayUri.getScheme()) || replayUri.getHost() == null) {
            return Future.failedFuture(new WardenException(ErrorCode.BAD_REQUEST, "not an rtsp:// URI with a host: " + replayUri));
        }
        if (!to.isAfter(from)) {
            return Future.failedFuture(new WardenException(ErrorCode.BAD_REQUEST, "replay window must end after it starts: " + from + " .. " + to));
        }
        OnvifReplaySession session = new OnvifReplaySession(vertx, netClient, clock, options.idleTimeout(), replayUri, username,
                password, from, to, setupDeadline, sink);
        return session.start(vertx.getOrCreateContext());
    }
}
