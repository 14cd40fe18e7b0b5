package io.warden.gateway.integrations.webhook;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.OptionalLong;
import java.util.function.DoubleSupplier;

/**
 * When a webhook delivery is retried: what an answer means, and how long to wait before the next attempt.
 * Pure functions (no clock, no I/O): the sink passes the time and a random source.
 *
 * <p>Back-off: {@value #FIRST_MILLIS} ms doubling per failed attempt to {@link #MAX}, with "equal jitter"
 * (a uniform pick in the upper half of the step) so endpoints recovering from an outage are not hit by every
 * gateway at the same instant, while the wait still grows. A {@code Retry-After} from the receiver wins over
 * the back-off (never below the first step); the last attempt is made when the retry window ends.
 */
final class WebhookRetry {
    static final long FIRST_MILLIS = 500;
    static final Duration MAX = Duration.ofMinutes(5);

    /** What one answer means for a delivery. */
    enum Verdict {
        /** 2xx: the receiver has it. */
        DELIVERED,
        /** 408, 429, 5xx, a timeout, a connection error: the receiver may take it later. */
        RETRY,
        /** Any other status (4xx, 3xx: redirects are not followed, a signed payload goes to the configured URL only). */
        PERMANENT
    }

    private WebhookRetry() {}

    static Verdict verdict(int status) {
        if (status >= 200 && status < 300) return Verdict.DELIVERED;
        if (status == 408 || status == 429 || status >= 500) return Verdict.RETRY;
        return Verdict.PERMANENT;
    }

    /**
     * The wait before the next attempt, or empty when the delivery should be given up now.
     *
     * @param failedAttempts attempts made so far (1 after the first failure)
     * @param retryAfter     the receiver's {@code Retry-After} in ms, or null
     * @param remaining      ms left of the retry window (measured from the first attempt)
     * @param random         uniform in [0, 1)
     */
    static OptionalLong nextDelay(int failedAttempts, Long retryAfter, long remaining, DoubleSupplier random) {
        if (remaining <= 0) return OptionalLong.empty();
        long wait;
        if (retryAfter != null) {
            // The receiver said when: earlier would be refused again, and a time past the window cannot be kept.
            if (retryAfter > remaining) return OptionalLong.empty();
            wait = Math.max(FIRST_MILLIS, retryAfter);
        } else {
            long step = FIRST_MILLIS << Math.min(failedAttempts - 1, 30);
            step = Math.min(step, MAX.toMillis());
            wait = step / 2 + (long) (random.getAsDouble() * (step / 2.0));
        }
        return OptionalLong.of(Math.min(wait, remaining));
    }

    /**
     * A {@code Retry-After} value (RFC 9110 §10.2.3: delay-seconds or an HTTP-date) in ms from {@code now};
     * null when absent or not understood (then the back-off applies).
     */
    static Long retryAfterMillis(String value, Instant now) {
        if (value == null || value.isBlank()) return null;
        String v = value.trim();
        if (v.chars().allMatch(Character::isDigit)) {
            if (v.length() > 9) return Long.MAX_VALUE / 2; // absurdly far: beyond any window
            return Long.parseLong(v) * 1000;
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Math.max(0, Duration.between(now, at).toMillis());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
