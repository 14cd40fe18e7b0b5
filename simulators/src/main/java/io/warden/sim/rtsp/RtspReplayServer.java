package io.warden.sim.rtsp;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.warden.sim.onvif.OnvifCameraFaults;
import io.warden.sim.onvif.SimulatedRecording;
import java.time.Clock;
import java.util.Map;

/**
 * The RTSP side of the simulated camera: live view of each source and ONVIF replay of each
 * recording, RTP over the RTSP TCP connection, digest authentication.
 * (STUB: signature fixed by the lead; the RTSP helper implements it.)
 */
public final class RtspReplayServer {

    /**
     * @param recordings by recording token
     * @param username   RTSP digest user; null for no authentication
     */
    public RtspReplayServer(Vertx vertx, Clock clock, Map<String, SimulatedRecording> recordings, String username, String password,
                            OnvifCameraFaults faults) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Listen on {@code host:port} (0: any free port); the bound port. */
    public Future<Integer> listen(String host, int port) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** The replay URI of a recording (what GetReplayUri answers), e.g. {@code rtsp://127.0.0.1:5540/replay/rec-1}. */
    public String replayUri(String recordingToken) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** The live URI of a video source (what GetStreamUri answers). */
    public String liveUri(String sourceToken) {
        throw new UnsupportedOperationException("not built yet");
    }

    public Future<Void> close() {
        throw new UnsupportedOperationException("not built yet");
    }
}
