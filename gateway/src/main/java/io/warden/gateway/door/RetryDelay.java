package io.warden.gateway.door;

import java.time.Duration;

/** How long to wait before trying a door again: base, 2 x base, 4 x base, ... never more than 30 x base. */
final class RetryDelay {
    static final int CAP_FACTOR = 30;

    private RetryDelay() {}

    /** @param attempt the attempts made so far (1 after the first) */
    static Duration after(Duration base, int attempt) {
        long factor = attempt > 5 ? CAP_FACTOR : 1L << Math.max(0, attempt - 1);
        return base.multipliedBy(factor);
    }
}
