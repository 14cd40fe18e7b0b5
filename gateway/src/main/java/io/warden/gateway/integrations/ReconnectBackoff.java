package io.warden.gateway.integrations;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Delays between connection attempts to an integration's far end: {@code first}, doubling up to {@code max}, each
 * with up to 25 % taken off at random so that gateways restarted together do not reconnect in step. The delays
 * start again from {@code first} only after a connection stayed up {@code stableAfter}: a far end that accepts
 * and drops the connection at once (a retained message too large to decode, a duplicate client id, a collector
 * that closes on connect) gets ever longer waits, not a reconnection twice a second for ever. One context.
 */
public final class ReconnectBackoff {
    private final Duration first;
    private final Duration max;
    private final Duration stableAfter;
    private int failures;
    /** System.nanoTime of the current connection, 0 while there is none. */
    private long connectedAt;

    public ReconnectBackoff(Duration first, Duration max, Duration stableAfter) {
        this.first = first;
        this.max = max;
        this.stableAfter = stableAfter;
    }

    /** A connection was made. */
    public void connected() {
        connectedAt = System.nanoTime();
    }

    /**
     * The connection, or an attempt, ended: the wait before the next attempt. {@link #failures()} is 1 after this
     * when it begins an outage (the connection had been up {@code stableAfter}, or none ever failed before).
     */
    public Duration next() {
        if (connectedAt != 0 && System.nanoTime() - connectedAt >= stableAfter.toNanos()) failures = 0;
        connectedAt = 0;
        long base = first.toMillis() << Math.min(failures, 20);
        failures++;
        long capped = Math.min(base, max.toMillis());
        return Duration.ofMillis(Math.max(1, capped - ThreadLocalRandom.current().nextLong(capped / 4 + 1)));
    }

    /** Failed attempts and short-lived connections since the last connection that stayed up. */
    public int failures() {
        return failures;
    }
}
