package io.warden.osdp.cp;

import java.time.Duration;

/**
 * Timing of one OSDP line, with the protocol's defaults (osdp.md §5).
 *
 * @param replyTimeout   how long to wait for a reply after the command's last byte left (200 ms);
 *                       the transmit time at {@code baud} of the command and of a short reply is added
 * @param baud           line speed used to compute transmit time; 0 for TCP (no transmit time)
 * @param pollInterval   each online PD is polled at least this often when nothing else is queued
 * @param offlineAfter   a PD with no valid reply for this long is offline (8 s)
 * @param probeInterval  how often an offline PD is probed again; a PD that answers but fails its
 *                       start-up (e.g. a wrong key) waits this long, doubled after each failure
 * @param commandRetries re-sends of an unanswered operator command (same bytes, same SQN) before it
 *                       fails with a timeout; polls are retried at the PD's next turn instead, so one
 *                       silent PD does not stall the line
 * @param busyDelay      wait before re-sending after osdp_BUSY
 * @param busyRetries    re-sends after osdp_BUSY before an operator command fails with DEVICE_BUSY
 * @param maxFrame       largest frame accepted from the line
 * @param mark           send the 0xFF mark before each frame
 */
public record OsdpCpOptions(Duration replyTimeout, int baud, Duration pollInterval, Duration offlineAfter,
                            Duration probeInterval, int commandRetries, Duration busyDelay, int busyRetries,
                            int maxFrame, boolean mark) {

    /** Bytes of reply whose transmit time every reply timer allows (an ACK, a status or a card read). */
    static final int SHORT_REPLY_BYTES = 64;
    /** Bytes of the largest door command frame: OUT with two records, sealed (SCB, padding, MAC). */
    static final int DOOR_COMMAND_BYTES = 48;

    public static final OsdpCpOptions DEFAULTS = new OsdpCpOptions(Duration.ofMillis(200), 0, Duration.ofMillis(50),
            Duration.ofSeconds(8), Duration.ofSeconds(1), 2, Duration.ofMillis(300), 3, 1440, true);

    public OsdpCpOptions {
        if (replyTimeout.isNegative() || replyTimeout.isZero()) throw new IllegalArgumentException("replyTimeout must be positive");
        if (baud < 0) throw new IllegalArgumentException("baud must be >= 0");
        if (commandRetries < 0) throw new IllegalArgumentException("commandRetries must be >= 0");
        if (busyRetries < 0) throw new IllegalArgumentException("busyRetries must be >= 0");
        if (maxFrame < 128) throw new IllegalArgumentException("maxFrame must be >= 128 (the smallest a PD may accept)");
    }

    public OsdpCpOptions withBaud(int b) {
        return new OsdpCpOptions(replyTimeout, b, pollInterval, offlineAfter, probeInterval, commandRetries, busyDelay, busyRetries, maxFrame, mark);
    }

    public OsdpCpOptions withOfflineAfter(Duration d) {
        return new OsdpCpOptions(replyTimeout, baud, pollInterval, d, probeInterval, commandRetries, busyDelay, busyRetries, maxFrame, mark);
    }

    public OsdpCpOptions withReplyTimeout(Duration d) {
        return new OsdpCpOptions(d, baud, pollInterval, offlineAfter, probeInterval, commandRetries, busyDelay, busyRetries, maxFrame, mark);
    }

    public OsdpCpOptions withProbeInterval(Duration d) {
        return new OsdpCpOptions(replyTimeout, baud, pollInterval, offlineAfter, d, commandRetries, busyDelay, busyRetries, maxFrame, mark);
    }

    public OsdpCpOptions withBusy(Duration delay, int retries) {
        return new OsdpCpOptions(replyTimeout, baud, pollInterval, offlineAfter, probeInterval, commandRetries, delay, retries, maxFrame, mark);
    }

    /** Milliseconds the frame takes on the wire: 10 bits a byte (8N1). */
    long transmitMillis(int bytes) {
        return baud == 0 ? 0 : (bytes * 10_000L + baud - 1) / baud;
    }

    /** The reply timer of one transmission of a {@code bytes}-long command. */
    long attemptMillis(int bytes) {
        return replyTimeout.toMillis() + transmitMillis(bytes) + transmitMillis(SHORT_REPLY_BYTES);
    }

    /**
     * The longest one operator command may take: every unanswered attempt and every BUSY answer
     * with its pause, and before the first send and each re-send after BUSY, one request of the
     * line's own (a poll or start-up step, as short as a door command) that may be in flight.
     */
    long commandMillis() {
        long attempt = attemptMillis(DOOR_COMMAND_BYTES);
        long sends = commandRetries + 1L + busyRetries;
        return sends * attempt + (busyRetries + 1L) * attempt + busyRetries * busyDelay.toMillis();
    }

    /** The longest a door command (OUT, then an OSTAT read) may take: the bound the adapter states. */
    public Duration doorCommandTimeout() {
        return Duration.ofMillis(2 * commandMillis());
    }

    /** One unanswered command and all its re-sends: the least time {@code offlineAfter} must allow. */
    public Duration retryCycle() {
        return Duration.ofMillis((commandRetries + 1L) * attemptMillis(DOOR_COMMAND_BYTES));
    }
}
