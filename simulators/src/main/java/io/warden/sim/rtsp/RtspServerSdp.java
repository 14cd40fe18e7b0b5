package io.warden.sim.rtsp;

import io.vertx.core.buffer.Buffer;
import io.warden.adapter.api.VideoFormat;
import io.warden.adapter.onvif.rtsp.RtspClockRange;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The simulator's SDP (SHARED-SPEC): one H.264 track, {@code a=control:track1}, rtpmap 96 H264/90000, fmtp with
 * packetization-mode=1 and sprop-parameter-sets; for a replay also {@code a=x-onvif-track:VIDEO001} and
 * {@code a=range:clock=<start>-<end>} (end omitted while recording).
 */
final class RtspServerSdp {
    private RtspServerSdp() {}

    /** The SDP answering DESCRIBE of {@code t}; {@code footage} is null for the live view. */
    static String describe(RtspServerConnection.Target t, SimulatedFootage footage, long sessionId) {
        VideoFormat f = SimulatedFootage.clip().format();
        Buffer sps = f.sps().get(0);
        String profile = HexFormat.of().formatHex(sps.getBytes(1, 4)).toUpperCase(Locale.ROOT);
        String sprop = Base64.getEncoder().encodeToString(sps.getBytes()) + "," + Base64.getEncoder().encodeToString(f.pps().get(0).getBytes());
        StringBuilder sb = new StringBuilder()
                .append("v=0\r\n")
                .append("o=- ").append(sessionId).append(" 1 IN IP4 127.0.0.1\r\n")
                .append("s=Warden simulated ").append(t.replay() ? "recording " : "source ").append(t.token()).append("\r\n")
                .append("c=IN IP4 0.0.0.0\r\n")
                .append("t=0 0\r\n")
                .append("a=control:*\r\n");
        if (t.replay()) {
            Instant end = footage.recording().end();
            sb.append("a=range:clock=").append(RtspClockRange.format(footage.recording().start())).append('-')
                    .append(end == null ? "" : RtspClockRange.format(end)).append("\r\n");
        } else {
            sb.append("a=range:npt=0-\r\n");
        }
        sb.append("m=video 0 RTP/AVP 96\r\n")
                .append("a=control:track1\r\n")
                .append("a=rtpmap:96 H264/90000\r\n")
                .append("a=fmtp:96 packetization-mode=1;profile-level-id=").append(profile)
                .append(";sprop-parameter-sets=").append(sprop).append("\r\n");
        if (t.replay()) sb.append("a=x-onvif-track:VIDEO001\r\n");
        sb.append("a=recvonly\r\n");
        return sb.toString();
    }
}
