package io.warden.sim.rtsp;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.warden.adapter.api.VideoFormat;
import io.warden.adapter.onvif.rtsp.H264Packetizer;
import io.warden.adapter.onvif.rtsp.OnvifReplayExtension;
import io.warden.adapter.onvif.rtsp.RtpPacket;
import io.warden.adapter.onvif.rtsp.RtspMessage;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The RTP flow of one PLAY: frames of a recording from a start frame up to a range end (or the end
 * of footage), or the live view. Paced in real time, or as fast as the socket drains: it writes only
 * while the socket's write queue is not full and resumes from its drain handler, so it never holds
 * more than one frame beyond the queue. Runs on the connection's context.
 */
final class RtspServerStream {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_PAYLOAD = 1400;
    /** Frames written in one go before yielding the event loop to other connections and to incoming requests. */
    private static final int BATCH = 32;

    private final RtspReplayServer server;
    private final RtspServerConnection connection;
    private final NetSocket socket;
    private final int channel;
    private final long ssrc;
    private final SimulatedFootage footage; // null: live
    private final Instant rangeEnd;
    private final boolean fast;
    private final int cseqByte;
    private final int dropAfter;
    private final H264Packetizer packetizer = new H264Packetizer(MAX_PAYLOAD);
    private final long rtpBase = RANDOM.nextInt() & 0xffffffffL;
    private int sequence = RANDOM.nextInt(0x10000);
    private boolean discontinuity;
    private long frame;
    private long sent;
    private long startNanos;
    private long timer = -1;
    private boolean stopped;

    private RtspServerStream(RtspReplayServer server, RtspServerConnection connection, NetSocket socket, int channel, long ssrc,
                             SimulatedFootage footage, long firstFrame, Instant rangeEnd, boolean fast, int cseqByte,
                             boolean discontinuity, int dropAfter) {
        this.server = server;
        this.connection = connection;
        this.socket = socket;
        this.channel = channel;
        this.ssrc = ssrc;
        this.footage = footage;
        this.frame = firstFrame;
        this.rangeEnd = rangeEnd;
        this.fast = fast;
        this.cseqByte = cseqByte;
        this.discontinuity = discontinuity;
        this.dropAfter = dropAfter;
    }

    static RtspServerStream replay(RtspReplayServer server, RtspServerConnection connection, NetSocket socket, int channel, long ssrc,
                                   SimulatedFootage footage, long firstFrame, Instant rangeEnd, boolean fast, int cseqByte,
                                   boolean discontinuity, int dropAfter) {
        return new RtspServerStream(server, connection, socket, channel, ssrc, footage, firstFrame, rangeEnd, fast, cseqByte,
                discontinuity, dropAfter);
    }

    static RtspServerStream live(RtspReplayServer server, RtspServerConnection connection, NetSocket socket, int channel, long ssrc) {
        return new RtspServerStream(server, connection, socket, channel, ssrc, null, 0, null, false, 0, false, -1);
    }

    /** The RTP-Info value for the PLAY answer: where this flow's sequence numbers and timestamps start. */
    String rtpInfo(String trackUrl) {
        return "url=" + trackUrl + ";seq=" + sequence + ";rtptime=" + timestampOf(frame);
    }

    long sent() {
        return sent;
    }

    void start() {
        startNanos = System.nanoTime();
        pump();
    }

    void stop() {
        stopped = true;
        if (timer >= 0) server.vertx.cancelTimer(timer);
        timer = -1;
    }

    private long timestampOf(long k) {
        return (rtpBase + k * SimulatedFootage.TICKS_PER_FRAME) & 0xffffffffL;
    }

    private void pump() {
        timer = -1;
        for (int batch = 0; !stopped; batch++) {
            if (socket.writeQueueFull()) {
                socket.drainHandler(v -> {
                    if (!stopped) pump();
                });
                return;
            }
            if (batch == BATCH) {
                // A timer, not runOnContext: queued tasks can starve the event loop's I/O, and a client in the same process
                // (tests, the bench) may share this event loop.
                schedule(1_000_000);
                return;
            }
            if (footage == null) {
                if (!due()) return;
                Instant now = server.clock.instant();
                send(SimulatedFootage.liveFrame(frame, now), null);
                frame++;
                continue;
            }
            Instant t = footage.timeOf(frame);
            Instant end = footage.recording().end();
            if ((rangeEnd != null && !t.isBefore(rangeEnd)) || (end != null && !t.isBefore(end))) {
                finished(); // the end of the range or of the footage: stop, and say nothing (Streaming spec)
                return;
            }
            Instant now = server.clock.instant();
            if (t.isAfter(now)) { // an open recording caught up with "now": wait for the frame to be recorded
                schedule(Duration.between(now, t).toNanos());
                return;
            }
            if (!fast && !due()) return;
            boolean endOfFootage = footage.endOfFootage(frame);
            OnvifReplayExtension ext = new OnvifReplayExtension(t, footage.keyframe(frame), footage.endOfSection(frame), discontinuity,
                    endOfFootage && rangeEnd != null, cseqByte);
            discontinuity = false;
            Future<Void> written = send(footage.frame(frame), ext);
            frame = footage.nextFrom(frame + 1);
            if (dropAfter >= 0 && sent == dropAfter) {
                stop();
                written.onComplete(ar -> connection.close()); // the fault: drop the connection mid-replay
                return;
            }
        }
    }

    /** In real time: is the next frame due? If not, a timer calls back when it is. */
    private boolean due() {
        long dueNanos = startNanos + sent * SimulatedFootage.FRAME_INTERVAL.toNanos();
        long wait = dueNanos - System.nanoTime();
        if (wait <= 0) return true;
        schedule(wait);
        return false;
    }

    private void schedule(long nanos) {
        timer = server.vertx.setTimer(Math.max(1, nanos / 1_000_000), t -> {
            timer = -1;
            if (!stopped) pump();
        });
    }

    private void finished() {
        stopped = true;
        connection.streamEnded(this);
    }

    /** One frame as interleaved RTP packets in one write; SPS and PPS go in-band (STAP-A) before each IDR. */
    private Future<Void> send(SimulatedFootage.Frame f, OnvifReplayExtension ext) {
        Buffer out = Buffer.buffer(8192);
        long ts = timestampOf(f.index());
        List<H264Packetizer.Payload> payloads = packetizer.packetize(f.slices());
        boolean first = true;
        if (f.keyframe()) {
            VideoFormat fmt = SimulatedFootage.clip().format();
            Buffer stap = packetizer.stapA(List.of(fmt.sps().get(0), fmt.pps().get(0)));
            out.appendBuffer(packet(stap, false, ts, ext));
            first = false;
        }
        for (H264Packetizer.Payload p : payloads) {
            out.appendBuffer(packet(p.data(), p.marker(), ts, first ? ext : null));
            first = false;
        }
        sent++;
        server.framesSent.incrementAndGet();
        int size = out.length();
        server.wrote(size);
        Future<Void> written = socket.write(out);
        written.onComplete(ar -> server.written(size));
        return written;
    }

    private Buffer packet(Buffer payload, boolean marker, long ts, OnvifReplayExtension ext) {
        RtpPacket p = RtpPacket.of(marker, 96, sequence++, ts, ssrc, ext == null ? null : ext.toExtension(), payload);
        return new RtspMessage.Interleaved(channel, p.encode()).encode();
    }
}
