package io.warden.adapter.onvif.rtsp;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.warden.adapter.api.ReplayEnd;
import io.warden.adapter.api.ReplaySink;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * ONVIF replay over RTSP (Streaming spec, "Playback"): RTP interleaved in the RTSP TCP connection,
 * H.264 only. One instance serves any number of replays; each {@link #replay} is one RTSP session.
 * (STUB: signature fixed by the lead; the RTSP helper implements it.)
 */
public final class OnvifReplayClient {

    /**
     * @param idleTimeout how long the stream may stay silent before the replay ends with
     *                    {@link ReplayEnd.Reason#IDLE} (a few seconds: with Rate-Control: no a server
     *                    sends as fast as it can, and at the end of footage it simply stops)
     */
    public record Options(Duration idleTimeout) {}

    public OnvifReplayClient(Vertx vertx, Clock clock, Options options) {
        throw new UnsupportedOperationException("not built yet");
    }

    /**
     * Replay {@code [from, to)} of the recording behind {@code replayUri} into {@code sink}; the
     * contract is {@link io.warden.adapter.api.Camera#replay}'s. Credentials are used for RTSP digest
     * (or basic) authentication when the server asks; never logged. {@code replayUri} carries no
     * credentials.
     */
    public Future<ReplayEnd> replay(URI replayUri, String username, String password, Instant from, Instant to,
                                    Instant setupDeadline, ReplaySink sink) {
        throw new UnsupportedOperationException("not built yet");
    }
}
