package io.warden.adapter.api;

import java.time.Instant;

/**
 * How a replay that did not fail ended.
 *
 * @param reason   why it stopped
 * @param lastTime the capture time of the last access unit delivered; null when none was
 */
public record ReplayEnd(Reason reason, Instant lastTime) {
    public enum Reason {
        /** An access unit at or after the requested end arrived (it was not delivered). */
        REACHED_END,
        /** The device said there is no more footage (ONVIF: the T bit, or the E bit and then silence). */
        END_OF_FOOTAGE,
        /** The device stopped sending without saying why, for longer than the adapter's inactivity timeout. */
        IDLE
    }
}
