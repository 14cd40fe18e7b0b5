package io.warden.osdp.cp;

import java.time.Duration;

/**
 * Timing of one OSDP line, with the protocol's defaults (osdp.md §5).
 *
 * @param replyTimeout   how long to wait for a reply after the command's last byte left (200 ms);
 *                       the transmit time at {@code baud} is added per frame
 * @param baud           line speed used to compute transmit time; 0 for TCP (no transmit time)
 * @param pollInterval   each online PD is polled at least this often when nothing else is queued
 * @param offlineAfter   a PD with no valid reply for this long is offline (8 s)
 * @param probeInterval  how often an offline PD is probed again
 * @param commandRetries re-sends of an operator command (same bytes, same SQN) before it fails with
 *                       a timeout; polls are retried at the PD's next turn instead, so one silent PD
 *                       does not stall the line
 * @param busyDelay      wait before re-sending after osdp_BUSY
 * @param maxFrame       largest frame accepted from the line
 * @param mark           send the 0xFF mark before each frame
 */
public record OsdpCpOptions(Duration replyTimeout, int baud, Duration pollInterval, Duration offlineAfter,
                            Duration probeInterval, int commandRetries, Duration busyDelay, int maxFrame, boolean mark) {

    public static final OsdpCpOptions DEFAULTS = new OsdpCpOptions(Duration.ofMillis(200), 0, Duration.ofMillis(50),
            Duration.ofSeconds(8), Duration.ofSeconds(1), 2, Duration.ofMillis(300), 1440, true);

    public OsdpCpOptions {
        if (replyTimeout.isNegative() || replyTimeout.isZero()) throw new IllegalArgumentException("replyTimeout must be positive");
        if (baud < 0) throw new IllegalArgumentException("baud must be >= 0");
        if (commandRetries < 0) throw new IllegalArgumentException("commandRetries must be >= 0");
        if (maxFrame < 128) throw new IllegalArgumentException("maxFrame must be >= 128 (the smallest a PD may accept)");
    }

    public OsdpCpOptions withBaud(int b) {
        return new OsdpCpOptions(replyTimeout, b, pollInterval, offlineAfter, probeInterval, commandRetries, busyDelay, maxFrame, mark);
    }

    public OsdpCpOptions withOfflineAfter(Duration d) {
        return new OsdpCpOptions(replyTimeout, baud, pollInterval, d, probeInterval, commandRetries, busyDelay, maxFrame, mark);
    }

    public OsdpCpOptions withReplyTimeout(Duration d) {
        return new OsdpCpOptions(d, baud, pollInterval, offlineAfter, probeInterval, commandRetries, busyDelay, maxFrame, mark);
    }

    public OsdpCpOptions withProbeInterval(Duration d) {
        return new OsdpCpOptions(replyTimeout, baud, pollInterval, offlineAfter, d, commandRetries, busyDelay, maxFrame, mark);
    }

    /** Milliseconds the frame takes on the wire: 10 bits a byte (8N1). */
    long transmitMillis(int bytes) {
        return baud == 0 ? 0 : (bytes * 10_000L + baud - 1) / baud;
    }
}
