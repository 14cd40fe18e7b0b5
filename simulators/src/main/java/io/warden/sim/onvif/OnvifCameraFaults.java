package io.warden.sim.onvif;

import java.time.Duration;

/**
 * Faults of a simulated camera, switchable while it runs (tests flip them from any thread). SOAP
 * faults are honoured by the SOAP services, replay faults by the RTSP server.
 */
public final class OnvifCameraFaults {
    /** Refuse every connection (SOAP and RTSP), as a camera that lost power. */
    public volatile boolean offline;
    /** Answer every SOAP and RTSP request this much later. */
    public volatile Duration responseDelay = Duration.ZERO;
    /**
     * The camera's clock runs this far from the host's: GetSystemDateAndTime, WS-Security checks, and the time stamps of
     * its footage (recording times are device times, as on a real camera; with no skew they are the host's).
     */
    public volatile Duration clockSkew = Duration.ZERO;
    /** Drop the RTSP connection of the next replay after this many access units; negative: never. One-shot. */
    public volatile int dropReplayAfterFrames = -1;
    /** Ignore Rate-Control: no and send replay in real time (Scale 1.0), as some NVRs do. */
    public volatile boolean realTimeOnly;
}
