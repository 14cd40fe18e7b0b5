package io.warden.gateway.integrations.mqtt;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Delays between connection attempts: {@code first}, doubling up to {@code max}, each with up to 25 % taken off
 * at random so that gateways restarted together do not reconnect in step. {@link #reset()} after a success.
 */
final class ReconnectBackoff {
    private final Duration first;
    private final Duration max;
    private int failures;

    ReconnectBackoff(Duration first, Duration max) {
        this.first = first;
        this.max = max;
    }

    /** The wait before the next attempt, counting one more failure. */
    Duration next() {
        long base = first.toMillis() << Math.min(failures, 20);
        failures++;
        long capped = Math.min(base, max.toMillis());
        return Duration.ofMillis(capped - ThreadLocalRandom.current().nextLong(capped / 4 + 1));
    }

    /** Failures since the last success. */
    int failures() {
        return failures;
    }

    void reset() {
        failures = 0;
    }
}
