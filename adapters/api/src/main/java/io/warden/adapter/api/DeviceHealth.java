package io.warden.adapter.api;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether a device answers, as its adapter judges it (with hysteresis, so it does not flap).
 *
 * @param status ONLINE, OFFLINE or UNKNOWN (not yet heard from)
 * @param reason why, from a fixed set for dashboards, metrics and alerts
 * @param detail why, for people: "no valid reply for 8.0 s", "secure channel established"
 * @param since  when the status last changed
 * @param clockOffset the device clock minus the gateway clock as last measured, or null (not measured,
 *                    or a device without a clock to read)
 * @param warning     something wrong that does not make the device offline, for people (e.g. "clock
 *                    600 s ahead of the gateway (limit 10 s)"), or null
 */
public record DeviceHealth(Status status, Reason reason, String detail, Instant since, Duration clockOffset, String warning) {
    public enum Status { ONLINE, OFFLINE, UNKNOWN }

    /** Why a device has the status it has. Stable names: they appear in the API and in metrics labels. */
    public enum Reason {
        /** Online and answering as configured. */
        OK,
        /** Not heard from yet since the adapter started. */
        STARTING,
        /** The link to the device is down or cannot be opened (serial port, TCP connection). */
        LINK_DOWN,
        /** The link is up but the device does not answer, or answers with nothing valid. */
        COMMUNICATION_ERROR,
        /** The secure channel could not be set up or was lost (e.g. a wrong key). */
        SECURE_CHANNEL_FAILED,
        /** The device answers but does not fit its configuration (address, capabilities, key missing). */
        CONFIGURATION_ERROR,
        /** The gateway stopped talking to it on purpose (shutdown). */
        STOPPED,
        /** The device answers requests but its event subscription is lost and cannot be re-established. */
        EVENTS_LOST
    }

    public DeviceHealth {
        if (status == null || reason == null) throw new IllegalArgumentException("status and reason are required");
    }

    public DeviceHealth(Status status, Reason reason, String detail, Instant since) {
        this(status, reason, detail, since, null, null);
    }

    public DeviceHealth withClock(Duration offset, String warning) {
        return new DeviceHealth(status, reason, detail, since, offset, warning);
    }
}
