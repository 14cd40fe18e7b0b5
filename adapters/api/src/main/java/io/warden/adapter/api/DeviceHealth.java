package io.warden.adapter.api;

import java.time.Instant;

/**
 * Whether a device answers, as its adapter judges it (with hysteresis, so it does not flap).
 *
 * @param status ONLINE, OFFLINE or UNKNOWN (not yet heard from)
 * @param detail why, for people: "no valid reply for 8.0 s", "secure channel established"
 * @param since  when the status last changed
 */
public record DeviceHealth(Status status, String detail, Instant since) {
    public enum Status { ONLINE, OFFLINE, UNKNOWN }
}
