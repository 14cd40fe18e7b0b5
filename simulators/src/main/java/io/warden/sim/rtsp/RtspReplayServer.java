package io.warden.sim.rtsp;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.warden.sim.onvif.OnvifCameraFaults;
import io.warden.sim.onvif.SimulatedRecording;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RTSP side of the simulated camera: live view of each source and ONVIF replay of each
 * recording, RTP over the RTSP TCP connection, digest authentication.
 *
 * <p>Replay ({@code /replay/<recordingToken>}): DESCRIBE gives one H.264 track with
 * {@code a=x-onvif-track} and {@code a=range:clock=}; SETUP takes interleaved TCP only (461
 * otherwise); PLAY honours {@code Range: clock=} (from the keyframe at or before its start),
 * {@code Rate-Control: no} (as fast as the connection drains, never buffering more than the socket's
 * write queue), {@code Scale: 1.0} only, and puts the 0xABAC extension on the first packet of every
 * frame. At the end of the range it stops sending and says nothing, as real devices do. Live
 * ({@code /live/<sourceToken>}): the clip in real time, looped. {@code Require: onvif-replay} is
 * accepted but never demanded. Faults from {@link OnvifCameraFaults} apply as they are set.
 *
 * <p>Threading: each connection lives on its own event loop; nothing blocks.
 */
public final class RtspReplayServer {
    private static final Logger log = LoggerFactory.getLogger(RtspReplayServer.class);
    /** A camera's socket buffer, not a server's: with the kernel's auto-tuned megabytes, back-pressure would be invisible. */
    private static final int SEND_BUFFER = 64 * 1024;

    final Vertx vertx;
    final Clock clock;
    final Map<String, SimulatedFootage> footage;
    final String username;
    final String password;
    final OnvifCameraFaults faults;
    final Set<RtspServerConnection> connections = ConcurrentHashMap.newKeySet();
    /** Bytes handed to sockets whose writes have not completed, now and at most (tests read these). */
    final AtomicLong pendingWriteBytes = new AtomicLong();
    final AtomicLong maxPendingWriteBytes = new AtomicLong();
    /** RTSP requests received, over all connections. */
    final AtomicLong requestsReceived = new AtomicLong();
    /** Frames sent, over all connections. */
    final AtomicLong framesSent = new AtomicLong();
    private volatile NetServer server;
    private volatile String host = "127.0.0.1";
    private volatile int port = -1;

    /**
     * @param recordings by recording token
     * @param username   RTSP digest user; null for no authentication
     */
    public RtspReplayServer(Vertx vertx, Clock clock, Map<String, SimulatedRecording> recordings, String username, String password,
                            OnvifCameraFaults faults) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.clock = Objects.requireNonNull(clock, "clock");
        Map<String, SimulatedFootage> f = new LinkedHashMap<>();
        recordings.forEach((token, rec) -> f.put(token, new SimulatedFootage(rec)));
        this.footage = Map.copyOf(f);
        this.username = username;
        this.password = password;
        this.faults = faults == null ? new OnvifCameraFaults() : faults;
        SimulatedFootage.clip(); // fail now, not on the first DESCRIBE, if the clip is missing
    }

    /** Listen on {@code host:port} (0: any free port); the bound port. */
    public Future<Integer> listen(String host, int port) {
        NetServer s = vertx.createNetServer(new NetServerOptions().setHost(host).setPort(port).setTcpNoDelay(true)
                .setSendBufferSize(SEND_BUFFER));
        s.connectHandler(socket -> {
            if (faults.offline) {
                socket.close();
                return;
            }
            RtspServerConnection c = new RtspServerConnection(this, socket);
            connections.add(c);
            c.start();
        });
        return s.listen().map(bound -> {
            this.server = bound;
            this.host = host;
            this.port = bound.actualPort();
            log.info("event=rtsp_listen host={} port={} recordings={}", host, this.port, footage.keySet());
            return this.port;
        });
    }

    /** The replay URI of a recording (what GetReplayUri answers), e.g. {@code rtsp://127.0.0.1:5540/replay/rec-1}. */
    public String replayUri(String recordingToken) {
        return base() + "/replay/" + encode(recordingToken);
    }

    /** The live URI of a video source (what GetStreamUri answers). */
    public String liveUri(String sourceToken) {
        return base() + "/live/" + encode(sourceToken);
    }

    public Future<Void> close() {
        for (RtspServerConnection c : connections) c.close();
        NetServer s = server;
        return s == null ? Future.succeededFuture() : s.close();
    }

    private String base() {
        if (port < 0) throw new IllegalStateException("not listening yet");
        String h = host.equals("0.0.0.0") ? "127.0.0.1" : host;
        return "rtsp://" + h + ":" + port;
    }

    private static String encode(String token) {
        return URLEncoder.encode(token, StandardCharsets.UTF_8).replace("+", "%20");
    }

    void wrote(long bytes) {
        long now = pendingWriteBytes.addAndGet(bytes);
        maxPendingWriteBytes.accumulateAndGet(now, Math::max);
    }

    void written(long bytes) {
        pendingWriteBytes.addAndGet(-bytes);
    }
}
